"""What the tests share and are not tests themselves: paths, the CLI runner, live servers (uvicorn in a thread,
``egovkg serve`` in a process, Virtuoso, Chromium) and the hostile report. Test modules import from here,
never from one another."""

"""Benchmarks, run by hand (not in the test suite): ``python -m benchmarks.run`` is the suite."""

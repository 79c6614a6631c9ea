"""The architects' example questions, as SPARQL files in ``graph/endpoint/queries/`` that the query page, the
CLI, the notebooks and the endpoint benchmark all reuse.

Each file is one query, in the order of its name, opening with comment lines::

    # title: Which provinces have an IOC
    # title@vi: Tỉnh nào có Trung tâm điều hành thông minh (IOC)
    # description@vi: Các tỉnh có trung tâm điều hành thông minh, và từng báo cáo nhắc tới trung tâm đó.
    # Any further comment lines describe the query (in English).

The common prefixes (``egov:``, ``measure:``, ``prov:`` …) are predeclared, as everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from egovkg.errors import DataFileError

QUERIES_DIR = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class ExampleQuery:
    slug: str  # the file name without its number and extension: "provinces-with-ioc"
    title: str
    title_vi: str
    description: str
    text: str
    description_vi: str = ""


def read_example(path: Path) -> ExampleQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    description: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        key, sep, value = body.partition(":")
        if sep and key in ("title", "title@vi", "description@vi"):
            fields[key] = value.strip()
        elif body:
            description.append(body)
    if "title" not in fields:
        raise DataFileError("an example query needs a '# title: …' first line", path=path, line=1)
    slug = path.stem.split("-", 1)[1] if path.stem[:1].isdigit() and "-" in path.stem else path.stem
    return ExampleQuery(slug, fields["title"], fields.get("title@vi", fields["title"]), " ".join(description), text,
                        fields.get("description@vi", " ".join(description)))


def example_queries(folder: Path = QUERIES_DIR) -> list[ExampleQuery]:
    return [read_example(p) for p in sorted(folder.glob("*.rq"))]

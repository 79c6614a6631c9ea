"""A report as the text loader receives it: bytes checked and decoded, metadata from the command line
or from a YAML header, validated against the ontology (the province must exist).

A header is optional front matter at the very top of the file::

    ---
    title: "Kết quả ứng dụng CNTT năm 2020"
    province: quang-nam
    period: 2020
    publisher: "Sở Thông tin và Truyền thông"
    issued: 2021-06-21
    url: https://example.gov.vn/bai-viet
    ---

Values given on the command line (or in the API request) win over the header's. The header stays in
the text as blank lines, so every offset the loader reports is an offset into the file as given
(after UTF-8 decoding and Unicode NFC normalisation).

The shared report texts carry another header: ``# key: value`` lines at the very top (``url``,
``title``, ``publisher``, ``date``, ``language``, ``province``, ``predecessor``, ``note``), then a
blank line. It is read the same way (blanked to spaces, so offsets stay those of the file), and each
value is used where it parses: ``date`` gives ``issued`` (an ISO date) and ``period`` (its year),
``predecessor`` or else ``province`` a province slug ("Quang Nam province" → ``quang-nam``, "Khanh Hoa
province (pre-merger)" → ``khanh-hoa-pre-2025``). A value that does not parse ("national", "Quang Nam
province and Da Nang city") is left out, and the command line must give it. The report's id is the
file's name ("quang-nam-2021-qoffice-e-government") unless one is given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace

from egovkg.errors import DataFileError, InputError
from loaders.vocabulary import Vocabulary
from loaders.yamlfile import load_text

META_FIELDS = ("id", "title", "province", "period", "publisher", "issued", "url", "language")
#: the keys of a ``# key: value`` header (the shared report texts)
HASH_FIELDS = ("url", "title", "publisher", "date", "language", "province", "predecessor", "note")
_HASH_LINE = re.compile(r"# ([a-z_]+):[ \t]?(.*)")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ReportMeta:
    province: str
    period_start: dt.date
    period_end: dt.date
    id: str = ""
    title: str | None = None
    publisher: str | None = None
    issued: str | None = None
    url: str | None = None
    language: str | None = None

    @property
    def year(self) -> int:
        return self.period_end.year


def decode_report(data: bytes, name: str = "report") -> str:
    """UTF-8 (or BOM-marked UTF-16) text, NFC-normalised; a clear InputError for anything else."""
    if not data.strip():
        raise InputError(f"{name}: the report is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid UTF-16 text ({exc.reason} at byte {exc.start})") from None
    else:
        if b"\x00" in data[:4096] or data[:8].startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG")):
            raise InputError(f"{name}: looks like a binary file (PDF, Word, image…), not plain text; "
                             "save the report as UTF-8 plain text first")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it first, "
                "e.g. iconv -f WINDOWS-1258 -t UTF-8"
            ) from None
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > max(8, len(text) // 200):
        raise InputError(f"{name}: contains {controls} control characters; it does not look like plain text")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError(f"{name}: the report is empty")
    return text


def split_header(text: str, name: str = "report") -> tuple[dict, str]:
    """(header fields, text with the header blanked to spaces and newlines of the same length)."""
    if text.startswith("# "):
        return split_hash_header(text)
    m = re.match(r"---[ \t]*\n(.*?)\n---[ \t]*(?:\n|$)", text, flags=re.DOTALL)
    if not m:
        return {}, text
    try:  # aliases bounded: a few hundred bytes of anchors must not become megabytes of metadata
        header = load_text(m.group(1), name) or {}
    except DataFileError as exc:
        raise InputError(f"{name}: the header between the '---' lines: {exc.reason} (header line {exc.line})") from None
    if not isinstance(header, dict):
        raise InputError(f"{name}: the header between the '---' lines must be 'field: value' lines")
    unknown = set(header) - set(META_FIELDS) - {"kind", "document"}
    if unknown:
        raise InputError(f"{name}: unknown header field(s) {', '.join(sorted(map(str, unknown)))} "
                         f"(known: {', '.join(META_FIELDS)})")
    blank = re.sub(r"[^\n]", " ", m.group(0))
    return header, blank + text[m.end():]


def split_hash_header(text: str) -> tuple[dict, str]:
    """A ``# key: value`` header (raw values, the keys of ``HASH_FIELDS``) and the text with it blanked.

    The header is the run of such lines at the top; anything else (a Markdown title "# Kết quả …")
    is text."""
    raw: dict[str, str] = {}
    end = 0
    for line in text.split("\n"):
        m = _HASH_LINE.fullmatch(line.rstrip())
        if not m or m.group(1) not in HASH_FIELDS:
            break
        raw.setdefault(m.group(1), m.group(2).strip())
        end += len(line) + 1
    if not raw:
        return {}, text
    end = min(end, len(text))
    return raw, re.sub(r"[^\n]", " ", text[:end]) + text[end:]


def hash_fields(raw: dict[str, str], vocab: Vocabulary) -> dict[str, object]:
    """The metadata fields a ``# key: value`` header's values give, where they parse."""
    fields: dict[str, object] = {k: raw[k] for k in ("url", "title", "publisher") if raw.get(k)}
    if re.fullmatch(r"[a-z]{2}", raw.get("language", "")):
        fields["language"] = raw["language"]
    date = raw.get("date", "")
    iso = re.search(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b", date)
    if iso:
        try:
            fields["issued"] = dt.date(*map(int, iso.groups())).isoformat()
        except ValueError:
            pass
    year = re.search(r"\b(19[9]\d|20\d\d)\b", date)
    if year:
        fields["period"] = year.group(1)
    for key in ("predecessor", "province"):
        slug = province_slug(raw.get(key, ""), vocab)
        if slug:
            fields["province"] = slug
            break
    return fields


def province_slug(value: str, vocab: Vocabulary) -> str | None:
    """"Quang Nam province" → quang-nam; "Hai Phong city (pre-2025)" → hai-phong-pre-2025; None for
    several units ("… and …"), "national" or a name the ontology does not know."""
    before = re.split(r"[(;]", value, maxsplit=1)[0]
    if not before.strip() or re.search(r"\band\b|\+|,", before):
        return None
    words = re.sub(r"[^a-z0-9]+", " ", unicodedata.normalize("NFKD", before.lower().replace("đ", "d"))
                   .encode("ascii", "ignore").decode()).split()
    while words and words[-1] in ("province", "city", "tinh", "thanh", "pho"):
        words.pop()
    slug = "-".join(words)
    slug = slug.removeprefix("thanh-pho-")
    earlier = bool(re.search(r"pre-?(?:2025|merger)", value, flags=re.IGNORECASE))
    for candidate in ([f"{slug}-pre-2025"] if earlier else []) + [slug]:
        if candidate in vocab.provinces:
            return candidate
    return None


def parse_period(value: object, name: str = "report") -> tuple[dt.date, dt.date]:
    text = str(value).strip() if value is not None else ""
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if 1990 <= year <= 2100:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    m = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", text)
    if m and 1990 <= int(m.group(1)) <= int(m.group(2)) <= 2100:
        return dt.date(int(m.group(1)), 1, 1), dt.date(int(m.group(2)), 12, 31)
    raise InputError(f"{name}: period '{text or '(none)'}' is not a year such as 2020 or a span such as 2021-2022")


def build_meta(text: str, vocab: Vocabulary, *, name: str = "report", **given: object) -> tuple[ReportMeta, str]:
    """Metadata from ``given`` (command line or request) over the header; returns it and the body."""
    header, body = split_header(text, name)
    if text.startswith("# ") and header:
        header = hash_fields(header, vocab)
        stem = name.rsplit("/", 1)[-1].removesuffix(".txt")
        if _SLUG.match(stem):
            header["id"] = stem   # a shared report text is known by its file name
    fields = {k: v for k, v in header.items() if v is not None}
    fields.update({k: v for k, v in given.items() if v is not None})
    province = fields.get("province")
    if not province:
        raise InputError(f"{name}: no province given (--province SLUG, or 'province:' in the header)")
    province = str(province).strip()
    if province not in vocab.provinces:
        raise InputError(f"{name}: unknown province '{province}'{vocab.suggest(province, vocab.provinces)}")
    start, end = parse_period(fields.get("period"), name)
    ident = str(fields.get("id") or "")
    if ident and not _SLUG.match(ident):
        raise InputError(f"{name}: report id '{ident}' is not a slug (lower-case ASCII letters, digits, hyphens)")
    if not ident:
        digest = hashlib.sha1(body.encode()).hexdigest()[:8]
        ident = f"{province}-{end.year}-{digest}"
    url = fields.get("url")
    if url is not None and not re.match(r"^https?://\S+$", str(url)):
        raise InputError(f"{name}: url '{url}' is not an http(s) URL")
    issued = fields.get("issued")
    meta = ReportMeta(province=province, period_start=start, period_end=end, id=ident,
                      title=_opt(fields.get("title")), publisher=_opt(fields.get("publisher")),
                      issued=_opt(issued.isoformat() if isinstance(issued, dt.date) else issued), url=_opt(url),
                      language=_opt(fields.get("language")))
    return meta, body


def _opt(value: object) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value).strip()

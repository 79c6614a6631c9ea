"""The site's two languages: every string a page, badge, message or error shows comes from the catalogue.

The catalogue is ``api/i18n/catalogue/*.toml``, one file per area of the site (``site.toml`` for what
every page shares, ``explore.toml``, ``compliance.toml`` …), each entry a quoted dotted key with its
Vietnamese and English text::

    ["nav.home"]
    vi = "Trang chủ"
    en = "Home"

Texts are ``str.format`` templates: ``t("nav.example", n=3)`` fills ``{n}``. A key used but missing, an
entry without both languages, or a key defined in two files is an error naming the file and key (a test
loads the catalogue and scans every template for the keys it uses).

Which language a request gets (:func:`request_language`): ``?lang=vi|en`` (the switch in every page's
header; the choice is kept in the ``lang`` cookie), else the cookie, else the first of ``vi``/``en`` in
``Accept-Language``, else English. Proper names keep their diacritics in both languages: only the
interface is translated, never a label from the data.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from egovkg.errors import InputError

LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"


class CatalogueError(InputError):
    """The catalogue itself is wrong: an entry without both languages, a key in two files, a bad file."""


@dataclass(frozen=True)
class Entry:
    vi: str
    en: str
    file: str

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


def read_catalogue(directory: Path = CATALOGUE_DIR) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise CatalogueError(f"{path.name}: {e}") from None
        for key, value in data.items():
            if not isinstance(value, dict) or set(value) != set(LANGUAGES) or not all(isinstance(v, str) for v in value.values()):
                raise CatalogueError(f"{path.name}: [{key!r}] must have exactly the strings vi = … and en = …")
            if key in entries:
                raise CatalogueError(f"{path.name}: [{key!r}] is already defined in {entries[key].file}")
            entries[key] = Entry(value["vi"], value["en"], path.name)
    return entries


@cache
def catalogue() -> dict[str, Entry]:
    return read_catalogue()


def translate(key: str, lang: str, /, **params: Any) -> str:
    """The text of ``key`` in ``lang``, with ``params`` filled in. A missing key is an error, not a blank."""
    try:
        entry = catalogue()[key]
    except KeyError:
        raise KeyError(f"the UI string {key!r} is not in api/i18n/catalogue") from None
    text = entry.text(lang)
    # a parameter that has a form per language (a name: graph.views.vis.Named) is filled in with this one's
    params = {k: v.in_language(lang) if hasattr(v, "in_language") else v for k, v in params.items()}
    return text.format(**params) if params else text


Translator = Callable[..., str]


def translator(lang: str) -> Translator:
    """``t(key, **params)`` bound to one language: what templates and routes call."""

    def t(key: str, /, **params: Any) -> str:
        return translate(key, lang, **params)

    t.lang = lang  # type: ignore[attr-defined]
    return t


class _HasRequestParts(Protocol):
    @property
    def query_params(self) -> Any: ...
    @property
    def cookies(self) -> Any: ...
    @property
    def headers(self) -> Any: ...


def _from_accept_language(header: str) -> str | None:
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            name, _, value = p.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and q > 0:
            ranked.append((-q, i, primary))
    return min(ranked)[2] if ranked else None


def request_language(request: _HasRequestParts) -> str:
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        return chosen
    kept = request.cookies.get(COOKIE)
    if kept in LANGUAGES:
        return kept
    return _from_accept_language(request.headers.get("accept-language", "")) or DEFAULT_LANGUAGE

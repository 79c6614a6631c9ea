"""The UI string catalogue (api/i18n): it loads, every key a template or route uses is in it in both languages,
and a request gets the language it asked for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api import i18n
from api.i18n import CatalogueError, read_catalogue, request_language, translate

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*ROOT.glob("api/**/*.html"), *ROOT.glob("graph/**/templates/**/*.html"), *(p for p in ROOT.glob("api/**/*.py") if "i18n" not in p.parts),
           *ROOT.glob("graph/**/*.py")]
#: t('key') or t("key", …) in a template or module, and the key an error is shown_as("key", …) on a page; keys built
#: at run time (t('x.' ~ code)) are checked by the pages' tests
USED = re.compile(r"""\b(?:t|shown_as)\(\s*(['"])([a-z0-9_.-]*[a-z0-9_-])\1""")


def test_catalogue_loads_with_both_languages() -> None:
    entries = read_catalogue()
    assert len(entries) > 10
    for key, entry in entries.items():
        assert entry.vi.strip() and entry.en.strip(), key


def test_every_key_used_is_in_the_catalogue() -> None:
    entries = read_catalogue()
    missing = sorted({f"{path.relative_to(ROOT)}: {m.group(2)}" for path in SOURCES
                      for m in USED.finditer(path.read_text(encoding="utf-8")) if m.group(2) not in entries})
    assert not missing, missing


def test_bad_catalogue_names_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('["x.y"]\nvi = "một"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"a.toml: \['x.y'\]"):
        read_catalogue(tmp_path)
    (tmp_path / "a.toml").write_text('["x.y"]\nvi = "một"\nen = "one"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('["x.y"]\nvi = "hai"\nen = "two"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="b.toml.*already defined in a.toml"):
        read_catalogue(tmp_path)


def test_missing_key_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError, match="no.such.key"):
        translate("no.such.key", "vi")
    assert translate("nav.home", "vi") == "Trang chủ" and translate("nav.home", "en") == "Home"


class _Req:
    def __init__(self, query: dict[str, str] | None = None, cookies: dict[str, str] | None = None, accept: str = "") -> None:
        self.query_params, self.cookies, self.headers = query or {}, cookies or {}, {"accept-language": accept}


@pytest.mark.parametrize(("req", "lang"), [
    (_Req(), i18n.DEFAULT_LANGUAGE),
    (_Req(accept="vi-VN,vi;q=0.9,en;q=0.8"), "vi"),
    (_Req(accept="en-US,en;q=0.9,vi;q=0.8"), "en"),
    (_Req(accept="fr, vi;q=0.5"), "vi"),
    (_Req(accept="vi;q=0, en;q=0.1"), "en"),
    (_Req(cookies={"lang": "vi"}, accept="en"), "vi"),
    (_Req(query={"lang": "en"}, cookies={"lang": "vi"}), "en"),
    (_Req(query={"lang": "<script>"}, accept="vi"), "vi"),
])
def test_request_language(req: _Req, lang: str) -> None:
    assert request_language(req) == lang

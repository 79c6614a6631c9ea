"""Settings: validated once, every one documented in the README."""

from __future__ import annotations

import pytest

from egovkg.errors import ConfigError
from egovkg.settings import Settings

from .support.paths import ROOT


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert Settings.env_name(name) in readme, f"{Settings.env_name(name)} is not documented in the README"


def test_every_setting_has_help_text():
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 15, name


def test_environment_and_overrides():
    s = Settings.load({"EGOVKG_STORE": "/tmp/x", "EGOVKG_PORT": "9000", "EGOVKG_CORS_ORIGINS": "http://a, http://b"}, port=9100)
    assert s.store == "/tmp/x" and s.port == 9100 and s.cors_origins == ("http://a", "http://b")


@pytest.mark.parametrize(("env", "name"), [
    ({"EGOVKG_SPARQL_TIMEOUT": "0"}, "EGOVKG_SPARQL_TIMEOUT"),
    ({"EGOVKG_UPDATE_TOKEN": "short"}, "EGOVKG_UPDATE_TOKEN"),
    ({"EGOVKG_BASE_IRI": "urn:x"}, "EGOVKG_BASE_IRI"),
    ({"EGOVKG_PORT": "http"}, "EGOVKG_PORT"),
    ({"EGOVKG_STOER": "x", "EGOVKG_PORT": "0"}, "EGOVKG_PORT"),
])
def test_unsafe_values_are_refused(env, name):
    with pytest.raises(ConfigError, match=name):
        Settings.load(env)

"""Settings: validated once, every one documented in the README."""

from __future__ import annotations

import pytest

from egovkg.errors import ConfigError
from egovkg.settings import Settings

from .support.paths import ROOT


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in Settings.field_help():
        assert Settings.env_name(name) in readme, f"{Settings.env_name(name)} is not documented in the README"


def test_every_setting_has_help_text():
    for name, description in Settings.field_help().items():
        assert description and len(description) > 15, name


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


def test_values_are_read_from_text_by_their_types():
    s = Settings.load({"EGOVKG_SPARQL_TIMEOUT": "2.5", "EGOVKG_SPARQL_WORKERS": "3", "EGOVKG_UPDATE_REFERENCE_GRAPHS": "yes",
                       "EGOVKG_UPDATE_TOKEN": "a-token-of-16-chars", "EGOVKG_PUBLIC_URL": "https://kg.example.gov.vn/",
                       "EGOVKG_SPARQL_MEMORY_MB": "0"})
    assert s.sparql_timeout == 2.5 and s.sparql_workers == 3 and s.update_reference_graphs is True
    assert s.public_url == "https://kg.example.gov.vn" and s.sparql_memory_mb == 0
    assert s.update_token is not None and s.update_token.get_secret_value() == "a-token-of-16-chars"
    assert "a-token-of-16-chars" not in repr(s) and "a-token-of-16-chars" not in str(s)
    assert Settings(update_token=s.update_token) == Settings(update_token="a-token-of-16-chars")
    defaults = Settings()
    assert defaults.port == 8000 and defaults.sparql_workers is None and defaults.cors_origins == ()
    with pytest.raises(Exception):  # frozen: handed around, never changed
        defaults.port = 1  # type: ignore[misc]


@pytest.mark.parametrize(("env", "says"), [
    ({"EGOVKG_SPARQL_TIMEOUT": "nan"}, "EGOVKG_SPARQL_TIMEOUT: must be a finite number"),
    ({"EGOVKG_SPARQL_TIMEOUT": "601"}, "EGOVKG_SPARQL_TIMEOUT: must be at most 600"),
    ({"EGOVKG_PORT": "70000"}, "EGOVKG_PORT: must be at most 65535"),
    ({"EGOVKG_PORT": "80.5"}, "EGOVKG_PORT: must be a whole number"),
    ({"EGOVKG_SPARQL_WORKERS": "0"}, "EGOVKG_SPARQL_WORKERS: must be at least 1"),
    ({"EGOVKG_UPDATE_REFERENCE_GRAPHS": "maybe"}, "EGOVKG_UPDATE_REFERENCE_GRAPHS: must be true or false"),
    ({"EGOVKG_STORE_GSP": "ftp://x"}, "EGOVKG_STORE_GSP: must be an http(s) URL"),
    ({"EGOVKG_PUBLIC_URL": "https://x/?q=1"}, "EGOVKG_PUBLIC_URL: must be an http(s) URL with no query"),
])
def test_each_problem_is_named_with_its_variable(env, says):
    with pytest.raises(ConfigError) as caught:
        Settings.load(env)
    assert says in str(caught.value)


def test_every_problem_is_reported_at_once_and_a_secret_never_shows():
    with pytest.raises(ConfigError) as caught:
        Settings.load({"EGOVKG_PORT": "0", "EGOVKG_UPDATE_TOKEN": "short-secret", "EGOVKG_SPARQL_TIMEOUT": "-1"})
    text = str(caught.value)
    assert "EGOVKG_PORT" in text and "EGOVKG_UPDATE_TOKEN" in text and "EGOVKG_SPARQL_TIMEOUT" in text
    assert "short-secret" not in text


def test_an_unknown_override_is_refused():
    with pytest.raises(ConfigError, match="no such setting: prot"):
        Settings.load({}, prot=9000)

from pathlib import Path

import pytest

from centinela.errors import ConfigError
from centinela.settings import TABLE, load_settings


def test_defaults_come_from_the_table() -> None:
    s = load_settings(env={})
    for setting in TABLE:
        assert getattr(s, setting.name) == setting.default
        assert s.origin(setting.name) == "default"


def test_precedence_file_then_environment_then_override(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('country = "BO"\nfetch_concurrency = 3\nread_timeout = 2.5\n')
    s = load_settings(config=cfg, env={"CENTINELA_FETCH_CONCURRENCY": "4"}, overrides={"read_timeout": 1})
    assert s.country == "BO" and s.origin("country") == f"file {cfg}"
    assert s.fetch_concurrency == 4 and s.origin("fetch_concurrency") == "environment"
    assert s.read_timeout == 1.0 and s.origin("read_timeout") == "override"


def test_config_file_from_environment_and_centinela_table(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[centinela]\nallow_private_hosts = true\n")
    s = load_settings(env={"CENTINELA_CONFIG": str(cfg)})
    assert s.allow_private_hosts is True


@pytest.mark.parametrize("raw, expected", [("1", True), ("true", True), ("off", False), ("0", False)])
def test_booleans_from_environment(raw: str, expected: bool) -> None:
    assert load_settings(env={"CENTINELA_ALLOW_PRIVATE_HOSTS": raw}).allow_private_hosts is expected


@pytest.mark.parametrize(
    "env, message",
    [
        ({"CENTINELA_FETCH_CONCURRENCY": "many"}, "not a valid int"),
        ({"CENTINELA_FETCH_CONCURRENCY": "0"}, "out of range"),
        ({"CENTINELA_ALLOW_PRIVATE_HOSTS": "perhaps"}, "not a valid bool"),
        ({"CENTINELA_LOG_LEVEL": "LOUD"}, "out of range"),
    ],
)
def test_bad_values_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env=env)


def test_unknown_key_in_file_and_unreadable_file(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(config=cfg, env={})
    cfg.write_text("not = [toml")
    with pytest.raises(ConfigError, match="cannot be read"):
        load_settings(config=cfg, env={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(config=tmp_path / "missing.toml", env={})


def test_secrets_are_masked_and_sqlite_is_the_default(tmp_path: Path) -> None:
    s = load_settings(env={"CENTINELA_DATABASE_URL": "postgresql+psycopg://bob:hunter2@db/centinela"})
    shown = dict((name, value) for name, value, _, _ in s.rows())
    assert "hunter2" not in shown["database_url"] and "bob:***@" in shown["database_url"]
    local = load_settings(env={}, overrides={"data_dir": str(tmp_path)})
    assert local.database == f"sqlite:///{tmp_path / 'centinela.db'}"


def test_settings_are_immutable() -> None:
    s = load_settings(env={})
    with pytest.raises(AttributeError):
        s.country = "AR"  # type: ignore[misc]
    assert s.replace(country="AR").country == "AR" and s.country == "PE"


def test_docs_list_every_setting() -> None:
    from centinela.settings import settings_markdown

    docs = Path(__file__).parents[1] / "docs" / "settings.md"
    assert docs.read_text() == settings_markdown(), (
        "regenerate: python -m centinela.settings > docs/settings.md"
    )

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings import env_bool, parse_email_url

ROOT = Path(__file__).resolve().parents[2]


def import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secret_key():
    result = import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_starts_without_secret_key():
    assert import_settings(DEBUG="1").returncode == 0


def test_a_typo_in_a_boolean_stops_the_start():
    result = import_settings(DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_database_url_must_be_postgresql_or_sqlite():
    result = import_settings(DEBUG="1", DATABASE_URL="mysql://u@h/db")
    assert result.returncode != 0
    assert "DATABASE_URL must start with postgresql://" in result.stderr


def test_env_bool(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG") is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")


def test_email_url():
    options = parse_email_url("smtp://mailer:s%40cret@mail.example.org:587?tls=1")["OPTIONS"]
    assert options["host"] == "mail.example.org"
    assert options["port"] == 587
    assert options["username"] == "mailer"
    assert options["password"] == "s@cret"
    assert options["use_tls"] is True
    assert parse_email_url("console:")["BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured):
        parse_email_url("carrier-pigeon://coop")

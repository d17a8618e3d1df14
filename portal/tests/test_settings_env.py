import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings import env_bool, env_rate, parse_cache_url, parse_email_url

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


@pytest.mark.parametrize("url", ["mysql://u@h/db", "sqlite:///db.sqlite3", "sqlite://"])
def test_database_url_must_be_postgresql(url):
    result = import_settings(DEBUG="1", DATABASE_URL=url)
    assert result.returncode != 0
    assert "DATABASE_URL must start with postgresql://" in result.stderr
    assert "one database engine" in result.stderr


def test_production_refuses_to_start_without_a_database():
    env = production_env()
    del env["DATABASE_URL"]
    result = subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_tasks_backend_is_database_or_immediate():
    script = "import portal.settings as s; print(s.TASKS['default']['BACKEND'])"
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}

    def backend(value):
        env = {**clean, "DEBUG": "1"} | ({"TASKS_BACKEND": value} if value is not None else {})
        return subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )

    assert backend(None).stdout.strip() == "portal.task_backends.DatabaseBackend"
    assert backend(" Immediate ").stdout.strip() == "portal.task_backends.ImmediateBackend"
    result = backend("celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, immediate; got 'celery'" in result.stderr


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


def production_env(**extra):
    import secrets

    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return {
        **keep,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.go.id",
        "CSRF_TRUSTED_ORIGINS": "https://portal.example.go.id",
        "DATABASE_URL": "postgresql://portal:secret@db.example.go.id/portal",
        "EMAIL_URL": "smtp://mailer:secret@mail.example.go.id:587?tls=1",
        "CACHE_URL": "memcached://cache.example.go.id:11211",
        "BEHIND_PROXY": "1",
        **extra,
    }


def test_production_refuses_to_start_without_a_shared_cache():
    env = production_env()
    del env["CACHE_URL"]
    result = subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "CACHE_URL is not set" in result.stderr


def test_cache_url_and_rates_are_parsed_strictly(monkeypatch):
    cache = parse_cache_url("memcached://10.0.0.5:11211, 10.0.0.6:11211,[::1]:11211")
    assert cache["BACKEND"] == "django.core.cache.backends.memcached.PyMemcacheCache"
    assert cache["LOCATION"] == ["10.0.0.5:11211", "10.0.0.6:11211", "[::1]:11211"]
    assert cache["OPTIONS"]["ignore_exc"] is True
    for wrong in ["redis://cache:6379", "memcached://cache", "memcached://cache:11211/0"]:
        with pytest.raises(ImproperlyConfigured):
            parse_cache_url(wrong)
    monkeypatch.setenv("RATE", " 20/15m ")
    assert env_rate("RATE", "5/h") == "20/15m"
    monkeypatch.setenv("RATE", "5 per hour")
    with pytest.raises(ImproperlyConfigured, match="RATE must be a rate such as 5/h"):
        env_rate("RATE", "5/h")


def test_production_settings_pass_the_deploy_check_without_a_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_notices_a_production_without_mail():
    # Invitations and password links need a real mailer; the console one is refused.
    env = production_env()
    del env["EMAIL_URL"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


@pytest.mark.django_db
def test_production_headers(client, settings):
    # The test settings keep the production values except the HTTPS redirect.
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]

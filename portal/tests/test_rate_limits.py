"""Rate limits counted in memcached (scripts/with-postgres.sh starts a throwaway one): password
reset per address and per client, the pickers' lookups and the dashboard downloads per client;
429 with Retry-After in the visitor's language; one count for every process; and a portal that
still answers when memcached does not.

Rates are per hour (or day) here so that no window ends in the middle of a test."""

import json
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import django_ratelimit.core
import pytest
from axes.helpers import get_client_ip_address
from django.core.cache import CacheHandler, caches
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.ratelimits import client_ip

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
RESET = "password_reset"


def url(name, language="id", **kwargs):
    with translation.override(language):
        return reverse(name, **kwargs)


def ask_reset(client, email, address="10.0.0.1", language="id"):
    return client.post(url(RESET, language), {"email": email}, REMOTE_ADDR=address)


def assert_too_many(response, *, at_most):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= at_most
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def low_rates(settings):
    settings.RATE_PASSWORD_RESET_PER_EMAIL = "2/h"
    settings.RATE_PASSWORD_RESET_PER_CLIENT = "4/h"
    settings.RATE_LOOKUPS_PER_CLIENT = "3/h"
    settings.RATE_REPORTS_PER_CLIENT = "2/h"
    return settings


def test_password_reset_is_limited_per_address(client, low_rates):
    # The same address however it is typed, and from any client.
    assert ask_reset(client, "Asep@Example.id", "10.0.0.1").status_code == 302
    assert ask_reset(client, "  asep@example.id ", "10.0.0.2").status_code == 302
    assert_too_many(ask_reset(client, "ASEP@example.ID", "10.0.0.3"), at_most=3600)
    # Another address is still served, from the same client.
    assert ask_reset(client, "budi@example.id", "10.0.0.3").status_code == 302


def test_password_reset_is_limited_per_client(client, low_rates):
    for n in range(4):
        assert ask_reset(client, f"orang{n}@example.id").status_code == 302
    assert_too_many(ask_reset(client, "orang9@example.id"), at_most=3600)
    # Another client is still served.
    assert ask_reset(client, "orang9@example.id", "10.0.0.2").status_code == 302


def test_only_asking_for_a_link_counts(client, low_rates):
    for _ in range(10):
        assert client.get(url(RESET), REMOTE_ADDR="10.0.0.1").status_code == 200
    assert ask_reset(client, "asep@example.id").status_code == 302


@pytest.mark.parametrize(
    ("language", "title", "when"),
    [
        ("id", "Terlalu banyak permintaan", "Coba lagi dalam"),
        ("en", "Too many requests", "Try again in"),
        ("ja", "リクエストが多すぎます", "分後にもう一度お試しください"),
    ],
)
def test_the_page_says_what_happened_in_the_visitors_language(
    client, low_rates, language, title, when
):
    low_rates.RATE_PASSWORD_RESET_PER_EMAIL = "1/h"
    ask_reset(client, "asep@example.id", language=language)
    response = ask_reset(client, "asep@example.id", language=language)
    assert_too_many(response, at_most=3600)
    assert response["Content-Language"] == language
    text = response.content.decode()
    assert f'<h1 class="h3">{title}</h1>' in text
    minutes = -(-int(response["Retry-After"]) // 60)
    assert f"{minutes}" in text and when in text


def test_lookups_are_limited_per_client(client, low_rates, user_factory):
    organisations = url("partnerships:lookup-organisations")
    for _ in range(3):
        assert client.get(organisations, {"q": "smk"}, REMOTE_ADDR="10.0.0.1").status_code == 200
    response = client.get(organisations, {"q": "smk"}, REMOTE_ADDR="10.0.0.1")
    assert_too_many(response, at_most=3600)
    body = json.loads(response.content)
    assert body["results"] == []
    assert body["retry_after"] == int(response["Retry-After"])
    assert body["detail"].startswith("Coba lagi dalam")
    # The agreements picker counts against the same allowance: the pickers of one form.
    client.force_login(user_factory())
    assert (
        client.get(
            url("partnerships:lookup-agreements"), {"q": "pks"}, REMOTE_ADDR="10.0.0.1"
        ).status_code
        == 429
    )
    # Another client is still served.
    assert client.get(organisations, {"q": "smk"}, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_lookups_answer_json_in_the_visitors_language(client, low_rates):
    organisations = url("partnerships:lookup-organisations", "en")
    for _ in range(3):
        client.get(organisations, {"q": "smk"})
    response = client.get(organisations, {"q": "smk"})
    assert_too_many(response, at_most=3600)
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["detail"].startswith("Try again in")


def test_report_downloads_are_limited_per_client(client, low_rates):
    report = url("dashboards:national-report", kwargs={"fmt": "csv"})
    for _ in range(2):
        assert client.get(report, REMOTE_ADDR="10.0.0.1").status_code == 200
    response = client.get(report, REMOTE_ADDR="10.0.0.1")
    assert_too_many(response, at_most=3600)
    assert "Terlalu banyak permintaan" in response.content.decode()
    # Every format and province counts together; another client is still served.
    province_pdf = url("dashboards:province-report", kwargs={"code": "17", "fmt": "xlsx"})
    assert client.get(province_pdf, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(report, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_one_count_for_every_process(client, low_rates, monkeypatch):
    """A second CacheHandler has its own memcached connection, as another gunicorn worker or
    another web machine would: it sees the counts the first one made."""
    organisations = url("partnerships:lookup-organisations")
    for _ in range(2):
        assert client.get(organisations, {"q": "smk"}).status_code == 200
    elsewhere = CacheHandler()
    assert elsewhere["default"] is not caches["default"]
    assert elsewhere["default"]._cache is not caches["default"]._cache
    monkeypatch.setattr(django_ratelimit.core, "caches", elsewhere)
    assert client.get(organisations, {"q": "smk"}).status_code == 200
    assert client.get(organisations, {"q": "smk"}).status_code == 429


ANOTHER_PROCESS = """
import django
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from portal import ratelimits

lookup = ratelimits.lookups(lambda request: HttpResponse())
for _ in range(2):
    print(lookup(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")).status_code)
"""


def test_one_count_for_every_machine(client, low_rates):
    """Another Python process, as another web machine would be, with the same CACHE_URL."""
    organisations = url("partnerships:lookup-organisations")
    for _ in range(2):
        assert client.get(organisations, {"q": "smk"}, REMOTE_ADDR="127.0.0.1").status_code == 200
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.test_settings"}
    env["RATE_LOOKUPS_PER_CLIENT"] = low_rates.RATE_LOOKUPS_PER_CLIENT
    result = subprocess.run(
        [sys.executable, "-c", ANOTHER_PROCESS], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["200", "429"], result.stderr
    assert client.get(organisations, {"q": "smk"}, REMOTE_ADDR="127.0.0.1").status_code == 429


def test_the_portal_answers_when_memcached_does_not(client, low_rates, caplog):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]  # closed again: nothing listens there
    low_rates.CACHES = {
        "default": {**low_rates.CACHES["default"], "LOCATION": [f"127.0.0.1:{dead}"]}
    }
    organisations = url("partnerships:lookup-organisations")
    report = url("dashboards:national-report", kwargs={"fmt": "csv"})
    with caplog.at_level(logging.WARNING, logger="portal.ratelimits"):
        for _ in range(5):
            assert ask_reset(client, "asep@example.id").status_code == 302
            assert client.get(organisations, {"q": "smk"}).status_code == 200
            assert client.get(report).status_code == 200
    # Let through (RATELIMIT_FAIL_OPEN), and said so in the log.
    assert "not counted: the cache is unreachable" in caplog.text


def test_behind_the_proxy_the_client_is_the_address_the_proxy_wrote(client, low_rates):
    """The proxy appends the address it saw to X-Forwarded-For; whatever a client wrote there
    itself comes first and changes nothing."""
    low_rates.BEHIND_PROXY = True
    organisations = url("partnerships:lookup-organisations")
    for n in range(3):
        forged = f"203.0.113.{n}, 198.51.100.7"
        response = client.get(organisations, HTTP_X_FORWARDED_FOR=forged, REMOTE_ADDR="127.0.0.1")
        assert response.status_code == 200
    response = client.get(
        organisations, HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7", REMOTE_ADDR="127.0.0.1"
    )
    assert response.status_code == 429
    # Another client behind the same proxy is still served.
    response = client.get(
        organisations, HTTP_X_FORWARDED_FOR="198.51.100.8", REMOTE_ADDR="127.0.0.1"
    )
    assert response.status_code == 200


def test_the_lockouts_and_the_limits_agree_on_the_client(settings):
    factory = RequestFactory()
    direct = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client_ip(direct) == get_client_ip_address(direct) == "10.0.0.1"
    settings.BEHIND_PROXY = True
    proxied = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.9")
    assert client_ip(proxied) == get_client_ip_address(proxied) == "10.0.0.9"
    # A proxy that wrote no address: the proxy's own, never a 500.
    bare = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="unknown")
    assert client_ip(bare) == "127.0.0.1"

"""Whatever an anonymous visitor sends, a public page answers without a 5xx.

Hypothesis throws arbitrary text at every parameter of every public page, at the path segments
that name a record, at Accept-Language and the language cookie, and at the language switcher:
control characters, NUL, any unicode, very long text, broken URLs and escapes. A 400, 404 or a
redirect is a fine answer; a 500 is a page anyone can break.

Each request runs in a savepoint, so that a database error in one example leaves the next a
working connection. The test client raises the exception behind a 500, so hypothesis reports
its traceback with the smallest input that causes it (and replays it first on the next run,
from .hypothesis/, which ignores itself in git).
"""

import datetime
import operator
from urllib.parse import quote, unquote, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dashboards import selectors
from partnerships.models import Agreement, Event, Organisation, Programme

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: hypothesis, thousands of requests

fuzz = hypothesis_settings(
    max_examples=40,
    deadline=None,
    # The fixtures (database, records) are made once per test and shared by its examples,
    # which only read them, or write what the next example may find (a saved language).
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that broke or could break a parser somewhere, beside what hypothesis makes up.
TRICKY = [
    "http://[",
    "https://[::1",
    "//[",
    "%",
    "%zz",
    "%ff",
    "%00",
    "%0d%0a",
    "../",
    "..%2f..%2f",
    "\r\n",
    "\x00",
    "\\",
    "//evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "99999999999999999999",
    "-1",
    "0",
    "1e309",
    "NaN",
    " ",
    "\t",
    "'",
    '"',
    "<script>",
    "\u202e",
    "\ufeff",
    "日本語",
    "\U0001f600",
]
# Surrogate-free unicode (hypothesis's default alphabet), control characters and NUL included.
ANY_TEXT = st.one_of(
    st.text(),
    st.sampled_from(TRICKY),
    # Very long text: a few characters repeated, which is cheaper to make than to shrink.
    st.builds(operator.mul, st.text(min_size=1, max_size=3), st.integers(1_000, 5_000)),
)
# Links a visitor may be sent back to, for the switcher's `next` and Referer.
URLISH = st.builds(
    operator.add,
    st.sampled_from(
        ["", "/", "/en/", "/ja/partnerships/?page=2", "http://testserver/", "//", "http://["]
    ),
    ANY_TEXT,
)


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Every example reaches the view: hypothesis sends more requests than one client may, and
    a failing input answered 429 while it is being shrunk would pass for a flaky one."""
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def records(organisation_factory, agreement_factory):
    """One agreement between a school and a Japanese partner, signed at an event: every
    detail page exists, and the valid values of each parameter, mixed with arbitrary ones,
    reach the filters' deeper branches."""
    school = organisation_factory()
    partner = organisation_factory(japanese=True)
    event = Event.objects.create(
        name="Forum", kind=Event.Kind.FORUM, date=datetime.date(2024, 11, 14)
    )
    event.participants.add(school)
    programme = Programme.objects.order_by("position").first()
    agreement = agreement_factory(parties=[school, partner], event=event)
    agreement.programmes.add(programme)
    return {
        "code": school.province.code,
        "slug": school.slug,
        "agreement": agreement.pk,
        "event": event.pk,
        "valid": {
            "q": [school.name, school.npsn, agreement.number, "SMK"],
            "kind": [*Organisation.Kind.values, *Agreement.Kind.values],
            "party_kind": Organisation.Kind.values,
            "province": [school.province.code, "36"],
            "regency": [school.regency.code],
            "prefecture": [partner.prefecture.code],
            "sort": ["name", "-name", "-province", "created", "-signed", "title", "name,-title"],
            "page": ["1", "2", "last", "0"],
            "format": ["csv", "xlsx"],
            "party": [school.slug, partner.slug, "1"],
            "party_text": [school.name, "SMK"],
            "party_pick": [school.slug],
            "programme": [programme.code],
            "status": [*Agreement.Status.values, "in_force", "signed"],
            "year": ["2025", "2024"],
            "expiring": ["on", "true", "1", "false"],
            "event": [str(event.pk)],
            "year_from": [str(selectors.FIRST_YEAR), "2024"],
            "year_to": ["2025", "2023"],
            "map": list(selectors.MAP_MEASURES),
            "key": ["slug", "pk"],
            "next": ["/", "/en/partnerships/"],
        },
    }


def query(params, valid):
    """Each parameter absent, or given once or more, arbitrary or valid; plus a stranger."""
    values = {
        param: st.lists(st.one_of(ANY_TEXT, st.sampled_from(valid[param])), min_size=1, max_size=3)
        if param in valid
        else st.lists(ANY_TEXT, min_size=1, max_size=3)
        for param in params
    }
    return st.builds(
        lambda known, extra: {**extra, **known},
        st.fixed_dictionaries({}, optional=values),
        st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=2),
    )


def local_url(name, args=(), language="id"):
    """The page's address in a language: requests leave the thread in the last one asked."""
    with translation.override(language):
        return reverse(name, args=args)


def fetch(method, url, data=None, **extra):
    """The answer, its streamed body read: an export fails while it streams, not before."""
    client = Client()
    with transaction.atomic():
        response = getattr(client, method)(url, data, **extra)
        if response.streaming:
            b"".join(response.streaming_content)
    return response


def stays_on_site(location):
    """Whether a browser that follows this Location stays on this site (no open redirect).

    Not url_has_allowed_host_and_scheme(): it refuses any URL over 2,048 characters, which a
    long local `next` becomes once percent-encoded. A host that decodes to a control character
    is no host at all: browsers refuse the redirect. Django sends one for a `next` such as
    "//\\r/x", which it checks with the line break removed, as urlsplit() reads it, and
    redirects to as "//%0D/x"."""
    if location.startswith("///"):  # browsers read it as "//host/"
        return False
    parts = urlsplit(location.replace("\\", "/"))  # browsers read a backslash as a slash
    if parts.scheme not in {"", "http"} or (parts.scheme and not parts.netloc):
        return False
    host = unquote(parts.netloc)
    return host in {"", "testserver"} or any(ord(c) < 0x20 for c in host)


def as_wsgi(text):
    """A header's value as a WSGI server passes it on: its UTF-8 bytes read as Latin-1."""
    return text.encode("utf-8").decode("latin-1")


DASHBOARD = ["year_from", "year_to", "programme"]
# id -> (URL name, its arguments: keys of `records` or themselves, the parameters read).
PAGES = {
    "home": ("pages:home", [], []),
    "about": ("pages:about", [], []),
    "privacy": ("pages:privacy", [], []),
    "contact": ("pages:contact", [], []),
    "province-list": ("dashboards:province-list", [], []),
    "province-detail": ("dashboards:province", ["code"], ["page", *DASHBOARD]),
    "national-dashboard": ("dashboards:national", [], [*DASHBOARD, "map"]),
    # The PDF is being reworked and has its own tests (test_dashboard_reports).
    "national-report-csv": ("dashboards:national-report", ["csv"], DASHBOARD),
    "national-report-xlsx": ("dashboards:national-report", ["xlsx"], DASHBOARD),
    "province-report-csv": ("dashboards:province-report", ["code", "csv"], DASHBOARD),
    "province-report-xlsx": ("dashboards:province-report", ["code", "xlsx"], DASHBOARD),
    "lookup-organisations": (
        "partnerships:lookup-organisations",
        [],
        ["q", "kind", "party", "key"],
    ),
    "lookup-agreements": ("partnerships:lookup-agreements", [], ["q"]),
    "organisation-list": (
        "partnerships:organisation-list",
        [],
        ["q", "kind", "province", "regency", "prefecture", "sort", "page", "format"],
    ),
    "organisation-detail": ("partnerships:organisation-detail", ["slug"], []),
    "agreement-list": (
        "partnerships:agreement-list",
        [],
        [
            "q",
            "province",
            "party",
            "party_text",
            "party_pick",
            "party_kind",
            "programme",
            "kind",
            "status",
            "year",
            "expiring",
            "event",
            "sort",
            "page",
            "format",
        ],
    ),
    "agreement-detail": ("partnerships:agreement-detail", ["agreement"], []),
    "event-detail": ("partnerships:event-detail", ["event"], ["page"]),
    "login": ("login", [], ["next"]),
    "password-reset": ("password_reset", [], []),
}


@pytest.mark.parametrize("name", PAGES)
@fuzz
@given(data=st.data())
def test_arbitrary_parameters_never_break_a_public_page(records, name, data):
    url_name, args, params = PAGES[name]
    language = data.draw(st.sampled_from(["id", "en", "ja"]), label="language")
    url = local_url(url_name, [records.get(arg, arg) for arg in args], language)
    params = data.draw(query(params, records["valid"]), label="query")

    response = fetch("get", url, params)

    assert response.status_code < 500


SEGMENT = "fuzz-segment"  # stands for the fuzzed segment of a str or slug argument
NUMBER = 918273645  # ... of an int argument
# id -> (URL name, its arguments as in PAGES, the fuzzed one a placeholder).
PATHS = {
    "organisation-slug": ("partnerships:organisation-detail", [SEGMENT]),
    "agreement-id": ("partnerships:agreement-detail", [NUMBER]),
    "agreement-document-id": ("partnerships:agreement-document", [NUMBER]),
    "event-id": ("partnerships:event-detail", [NUMBER]),
    "province-code": ("dashboards:province", [SEGMENT]),
    "province-report-code": ("dashboards:province-report", [SEGMENT, "csv"]),
    "province-report-format": ("dashboards:province-report", ["code", SEGMENT]),
    "national-report-format": ("dashboards:national-report", [SEGMENT]),
    "password-reset-link": ("password_reset_confirm", [SEGMENT, "set-password"]),
    "any-path": ("pages:home", []),
}
# A segment as a link would carry it: fully percent-encoded, or raw with broken escapes.
SEGMENTS = st.one_of(
    ANY_TEXT.map(lambda text: quote(text, safe="")),
    st.text(alphabet="%0123456789abcdefABCDEFxz./\\-_~", max_size=30),
)


@pytest.mark.parametrize("name", PATHS)
@fuzz
@given(data=st.data())
def test_arbitrary_path_segments_never_break_a_public_page(records, name, data):
    url_name, args = PATHS[name]
    language = data.draw(st.sampled_from(["id", "en", "ja"]), label="language")
    # The PDF report is being reworked and has its own tests (test_dashboard_reports).
    segment = data.draw(SEGMENTS.filter(lambda s: unquote(s) != "pdf"), label="segment")
    url = local_url(url_name, [records.get(arg, arg) for arg in args], language)
    if args:
        placeholder = str(SEGMENT if SEGMENT in args else NUMBER)
        url = url.replace(placeholder, segment)
    else:
        url += segment

    response = fetch("get", url)

    assert response.status_code < 500


# Accept-Language and the language cookie, each absent or arbitrary.
LANGUAGE_HEADERS = {
    "accept-language": ANY_TEXT.map(as_wsgi),
    "cookie": ANY_TEXT.map(lambda text: f"{settings.LANGUAGE_COOKIE_NAME}={as_wsgi(text)}"),
}


@pytest.mark.parametrize("name", ["home", "organisation-list", "national-dashboard"])
@fuzz
@given(data=st.data())
def test_arbitrary_language_headers_and_cookies_never_break_a_page(records, name, data):
    url_name, args, _params = PAGES[name]
    headers = data.draw(st.fixed_dictionaries({}, optional=LANGUAGE_HEADERS), label="headers")

    response = fetch("get", local_url(url_name, args), headers=headers)

    assert response.status_code < 500


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@fuzz
@given(data=st.data())
def test_the_language_switcher_never_breaks_nor_leaves_the_site(
    user_factory, method, signed_in, data
):
    user = user_factory()
    fields = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "next": st.one_of(URLISH, ANY_TEXT),
                "language": st.one_of(
                    ANY_TEXT, st.sampled_from(["id", "en", "ja", "en-us", "ja-JP", "de"])
                ),
            },
        ),
        label="fields",
    )
    headers = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "referer": URLISH.map(as_wsgi),
                "accept": st.one_of(ANY_TEXT, st.just("application/json")).map(as_wsgi),
                **LANGUAGE_HEADERS,
            },
        ),
        label="headers",
    )
    client = Client()
    if signed_in:
        client.force_login(user)
    url = reverse("set_language")
    with transaction.atomic():
        if method == "get":
            response = client.get(url, fields, headers=headers)
        elif data.draw(st.booleans(), label="multipart"):
            response = client.post(url, fields, headers=headers)
        else:  # as the switcher's form sends it
            response = client.post(
                url,
                urlencode(fields),
                content_type="application/x-www-form-urlencoded",
                headers=headers,
            )

    assert response.status_code < 500
    if response.status_code == 302:
        assert stays_on_site(response["Location"])
    user.refresh_from_db()
    assert user.language in {"", *dict(settings.LANGUAGES)}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("next_url", ["http://[", "https://[::1", "//[x/"])
def test_a_malformed_next_is_a_missing_one(client, method, next_url):
    """urlsplit() raises ValueError on an unclosed IPv6 host: the switcher answered 500."""
    url = reverse("set_language")
    fields = {"language": "en", "next": next_url}

    back = getattr(client, method)(url, fields, headers={"referer": "/partnerships/"})
    home = getattr(client, method)(url, fields)

    assert back.status_code == home.status_code == 302
    expected = ("/en/partnerships/", "/en/") if method == "post" else ("/partnerships/", "/")
    assert (back["Location"], home["Location"]) == expected


def test_a_malformed_next_still_switches_the_language(client, user_factory):
    user = user_factory()
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "ja", "next": "http://["})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"
    user.refresh_from_db()
    assert user.language == "ja"


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_accept_header_django_cannot_read_is_a_bad_request(client, method):
    """Without `next`, Django's set_language parses Accept, and raised ValueError (a 500) for a
    media type over 10,000 characters."""
    url = reverse("set_language")
    unreadable = "text/html;" + "a" * 10_000

    response = getattr(client, method)(url, {"language": "en"}, headers={"accept": unreadable})
    ordinary = getattr(client, method)(url, {"language": "en"}, headers={"accept": "text/html"})

    assert response.status_code == 400
    assert ordinary.status_code == 302

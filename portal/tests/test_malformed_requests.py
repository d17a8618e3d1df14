"""Malformed parameters answer 400 or 404, never 500, on every page and admin changelist.

A NUL byte cannot be stored or compared by PostgreSQL; a value of the wrong type (a word where
a number or a code belongs, a number too big for any column) must not reach the database as is.
Every named page is tried here, as a curator where the page is protected, with a NUL and with
wrong types in each parameter it reads; every admin changelist likewise, with the parameters of
its own filters.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnerships.models import Event

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
]  # slow: every URL and admin list x every malformed input

ACCEPTABLE = {200, 302, 400, 404}
NUL = "\x00"
WRONG = ["zzz", "99999999999999999999", "9999", "-1", "2025-13-45", "1.5", "%", "'"]
HUGE = "99999999999999999999"


@pytest.fixture
def records(walls, agreement_factory, organisation_factory, cohort_factory, trainee_factory):
    event = Event.objects.create(
        name="Forum", kind=Event.Kind.FORUM, date=datetime.date(2024, 11, 14)
    )
    agreement = agreement_factory(
        parties=[walls.school, organisation_factory(japanese=True)], event=event
    )
    cohort = cohort_factory(institution=walls.school)
    trainee = trainee_factory(cohort=cohort)
    return {
        "code": walls.school.province.code,
        "slug": walls.school.slug,
        "agreement": agreement.pk,
        "event": event.pk,
        "cohort": cohort.pk,
        "trainee": trainee.pk,
        "fmt": "csv",  # the reports' PDF is tried in portal/tests/test_dashboard_reports.py
    }


DASHBOARD_PARAMS = ["year_from", "year_to", "programme"]
# name -> (how the URL's arguments come from `records`, the parameters the page reads,
#          whether it answers POST only)
PAGES = {
    "pages:home": ([], [], False),
    "pages:workspace": ([], [], False),
    "dashboards:province-list": ([], [], False),
    "pages:about": ([], [], False),
    "pages:privacy": ([], [], False),
    "pages:contact": ([], [], False),
    "dashboards:province": (["code"], ["page", *DASHBOARD_PARAMS], False),
    "dashboards:national": ([], [*DASHBOARD_PARAMS, "map"], False),
    "dashboards:national-report": (["fmt"], DASHBOARD_PARAMS, False),
    "dashboards:province-report": (["code", "fmt"], DASHBOARD_PARAMS, False),
    "partnerships:lookup-organisations": ([], ["q", "kind", "party", "key"], False),
    "partnerships:lookup-agreements": ([], ["q"], False),
    "partnerships:organisation-list": (
        [],
        ["q", "kind", "province", "regency", "prefecture", "sort", "page", "format"],
        False,
    ),
    "partnerships:organisation-detail": (["slug"], [], False),
    "partnerships:organisation-edit": (["slug"], [], False),
    "partnerships:organisation-history": (["slug"], [], False),
    "partnerships:agreement-list": (
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
        False,
    ),
    "partnerships:agreement-detail": (["agreement"], [], False),
    "partnerships:agreement-document": (["agreement"], [], False),
    "partnerships:agreement-history": (["agreement"], [], False),
    "partnerships:event-detail": (["event"], [], False),
    "trainees:cohort-list": ([], ["page"], False),
    "trainees:cohort-create": ([], [], False),
    "trainees:cohort-detail": (["cohort"], [], False),
    "trainees:cohort-edit": (["cohort"], [], False),
    "trainees:cohort-move": (["cohort"], ["trainee", "stage", "date", "note"], True),
    "trainees:cohort-import": (["cohort"], ["token"], False),
    "trainees:cohort-export": (["cohort"], ["format"], False),
    "trainees:trainee-create": (["cohort"], [], False),
    "trainees:roster-template": ([], [], False),
    "trainees:trainee-detail": (["trainee"], [], False),
    "trainees:trainee-edit": (["trainee"], [], False),
    "trainees:trainee-move": (["trainee"], ["stage", "date", "note"], True),
    "trainees:cohort-history": (["cohort"], [], False),
    "trainees:trainee-history": (["trainee"], [], False),
    "trainees:data-access": (["slug"], ["action", "page"], False),
    "login": ([], ["next", "username", "password"], False),
    "logout": ([], ["next"], True),
    "password_change": ([], [], False),
    "password_change_done": ([], [], False),
    "password_reset": ([], ["email"], False),
    "password_reset_done": ([], [], False),
    "password_reset_confirm": ([], [], False),
    "password_reset_complete": ([], [], False),
    "set_language": ([], ["language", "next"], True),
}
# Arguments that are not records: a format, a password link.
FIXED_ARGS = {
    "trainees:roster-template": ["csv"],
    "password_reset_confirm": ["MQ", "set-password"],
}
# Wrong path arguments, per kind of argument.
WRONG_ARGS = {
    "code": ["xx", HUGE, NUL],
    "slug": ["tidak-ada"],
    "agreement": [HUGE, "0"],
    "event": [HUGE, "0"],
    "cohort": [HUGE, "0"],
    "trainee": [HUGE, "0"],
    "fmt": ["exe", HUGE, NUL],
}


def named_urls(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_page_is_tried():
    names = set(named_urls(get_resolver().url_patterns))
    assert {name for name in names if not name.startswith("admin:")} == set(PAGES)


def attempts(url, params, post_only):
    """(method, url, data) for a NUL anywhere, and wrong types in each parameter."""
    method = "post" if post_only else "get"
    yield "get", url, {"x": NUL}
    yield "get", url, {NUL: "x"}
    yield "post", url, {"x": NUL}
    yield "post", url, {NUL: "x"}
    for param in params:
        for value in [NUL, *WRONG]:
            yield method, url, {param: value}


def failures(client, tries):
    client.raise_request_exception = False  # a 500 is counted, not raised
    found = []
    for method, url, data in tries:
        status = getattr(client, method)(url, data).status_code
        if status not in ACCEPTABLE:
            found.append((method, url, data, status))
    return found


@pytest.mark.parametrize("name", PAGES)
def test_malformed_parameters_never_break_a_page(client, walls, records, name):
    client.force_login(walls.curator)
    arg_kinds, params, post_only = PAGES[name]
    args = FIXED_ARGS.get(name) or [records[kind] for kind in arg_kinds]
    tries = list(attempts(reverse(name, args=args), params, post_only))
    for position, kind in enumerate(arg_kinds):
        for wrong in WRONG_ARGS[kind]:
            wrong_args = [*args[:position], wrong, *args[position + 1 :]]
            tries.append(("post" if post_only else "get", reverse(name, args=wrong_args), {}))
    assert failures(client, tries) == []


def test_wrong_templates_and_password_links(client, walls):
    client.force_login(walls.curator)
    tries = [
        ("get", reverse("trainees:roster-template", args=[fmt]), {}) for fmt in ["zzz", NUL, HUGE]
    ]
    # A NUL hidden in the base64 of a password link passes any check of the raw URL.
    for uid in [urlsafe_base64_encode(force_bytes(v)) for v in [NUL, HUGE, "x"]] + ["!!", NUL]:
        tries.append(("get", reverse("password_reset_confirm", args=[uid, "set-password"]), {}))
    assert failures(client, tries) == []


def test_a_nul_in_the_path_is_refused(client):
    response = client.get("/organisations/%00/")
    assert response.status_code == 400


def test_a_nul_in_a_cookie_or_a_header_is_refused(client, walls):
    # A quoted cookie value may spell a NUL as an octal escape.
    session = '"' + "\\000" * 8 + '"'
    response = client.get(reverse("pages:home"), headers={"cookie": f"sessionid={session}"})
    assert response.status_code == 400
    response = client.post(
        reverse("login"),
        {"username": "pemilik", "password": "wrong"},
        headers={"user-agent": "Mozilla\x00"},
    )
    assert response.status_code == 400


def test_ordinary_text_with_tabs_and_line_breaks_still_passes(client, walls):
    """Only NUL is refused in form fields: a pasted address keeps its line breaks."""
    client.force_login(walls.owner)
    url = reverse("partnerships:organisation-edit", args=[walls.school.slug])
    response = client.post(
        url,
        {"address": "Jl. Contoh 1\r\nCurup\tBengkulu", "seen_version": walls.school.version},
    )
    assert response.status_code == 302
    walls.school.refresh_from_db()
    assert walls.school.address == "Jl. Contoh 1\r\nCurup\tBengkulu"
    assert (
        client.get(reverse("partnerships:organisation-list"), {"q": "Curup\t"}).status_code == 200
    )


@pytest.fixture
def superuser(user_factory):
    return user_factory(username="super", is_staff=True, is_superuser=True)


def changelist_params(client, url, model_admin):
    """Every parameter the changelist reads: its filters', its date hierarchy's and the
    admin's own (search, ordering, page, show all, popup target)."""
    response = client.get(url)
    assert response.status_code == 200, url
    params = {"q", "o", "p", "all", "e", "_to_field"}
    for spec in response.context["cl"].filter_specs:
        params.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        params.update(f"{model_admin.date_hierarchy}__{part}" for part in ["year", "month", "day"])
    return sorted(params)


CHANGELISTS = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)


@pytest.mark.parametrize("app_label, model_name", CHANGELISTS)
def test_malformed_parameters_never_break_a_changelist(
    client, superuser, records, app_label, model_name
):
    client.force_login(superuser)
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    model_admin = next(
        ma
        for model, ma in admin.site._registry.items()
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name)
    )
    params = changelist_params(client, url, model_admin)
    assert failures(client, attempts(url, params, post_only=False)) == []

"""Every database constraint a user can run into speaks the form's language.

Django's default violation message names the constraint ('Constraint "figure_value_not_negative"
is violated'): a school head or a curator cannot act on that. Each named constraint carries its
own translatable message, and where one field is at fault the form shows it under that field.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db.models import BaseConstraint
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from partnerships.models import Figure, Source

APPS = ["partnerships", "portal", "trainees"]


def named_constraints():
    """(model label, constraint) for every constraint of the apps' concrete models."""
    found = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.proxy:
                continue  # a proxy shares its concrete model's constraints
            found += [(model._meta.label, c) for c in model._meta.constraints]
    return found


CONSTRAINTS = named_constraints()


def test_the_walk_finds_the_constraints_of_every_app():
    assert {label.split(".")[0] for label, _constraint in CONSTRAINTS} == set(APPS)


@pytest.mark.parametrize(
    "label, constraint", CONSTRAINTS, ids=[c.name for _label, c in CONSTRAINTS]
)
def test_every_constraint_has_a_message_of_its_own(label, constraint):
    message = constraint.violation_error_message
    assert message != BaseConstraint.default_violation_error_message, (
        f"{label}: {constraint.name} has no violation_error_message"
    )
    assert isinstance(message, Promise), f"{label}: {constraint.name}'s message is not lazy"
    with translation.override("en"):
        assert constraint.name not in constraint.get_violation_error_message()


@pytest.fixture
def curator(user_factory):
    user = user_factory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="partnerships"))
    return user


@pytest.fixture
def source(db):
    return Source.objects.create(
        title="Berita", publisher="contoh.id", published_on=datetime.date(2025, 1, 2)
    )


def add_figure(client, curator, organisation, source, **values):
    client.force_login(curator)
    data = {
        "organisation": organisation.pk,
        "metric": Figure.Metric.PARTICIPANTS_SENT,
        "value": "10",
        "unit": Figure.Unit.PEOPLE,
        "as_of": "2025-01-02",
        "source": source.pk,
        **values,
    }
    with translation.override("en"):
        url = reverse("admin:partnerships_figure_add")
    return client.post(url, data)


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"value": "-5"}, "value", "A figure cannot be negative."),
        ({"value": "10", "value_max": "8"}, "value_max", "must be larger than the value"),
        ({"value": "120", "unit": "percent"}, "value", "A percentage is at most 100."),
        ({"value": "90", "value_max": "101", "unit": "percent"}, "value_max", "at most 100"),
    ],
)
def test_the_figure_admin_puts_the_message_under_the_field(
    client, curator, organisation_factory, source, values, field, message
):
    response = add_figure(client, curator, organisation_factory(), source, **values)
    assert response.status_code == 200  # the form again, nothing saved
    form = response.context["adminform"].form
    assert any(message in error for error in form.errors[field])
    assert "is violated" not in response.content.decode()
    assert not Figure.objects.exists()


def test_a_duplicate_npsn_is_refused_under_the_npsn_field(client, curator, organisation_factory):
    organisation_factory(npsn="10700123")
    client.force_login(curator)
    with translation.override("en"):
        url = reverse("admin:partnerships_school_add")
    school = organisation_factory.build()
    response = client.post(
        url,
        {
            "name": "SMK Baru",
            "slug": "smk-baru",
            "category": "smk",
            "npsn": "10700123",
            "province": school.province.pk,
            "regency": school.regency.pk,
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Another school already has this NPSN." in " ".join(errors["npsn"])


def test_a_duplicate_name_is_refused_with_a_message_not_the_constraint_name(
    client, curator, organisation_factory
):
    existing = organisation_factory(name="SMK Negeri 9 Contoh")
    client.force_login(curator)
    with translation.override("en"):
        url = reverse("admin:partnerships_school_add")
    response = client.post(
        url,
        {
            "name": "smk negeri 9 contoh",
            "slug": "smk-lain",
            "category": "smk",
            "province": existing.province.pk,
            "regency": existing.regency.pk,
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
        },
    )
    content = response.content.decode()
    assert "An organisation with this name is already registered." in content
    assert "organisation_name_unique_ci" not in content


def test_a_quota_of_zero_is_refused_under_the_quota_field(client, curator, organisation_factory):
    client.force_login(curator)
    with translation.override("en"):
        url = reverse("admin:partnerships_agreement_add")
    first, second = organisation_factory(), organisation_factory(japanese=True)
    response = client.post(
        url,
        {
            "title": "Kerja sama",
            "kind": "pks",
            "signed_on_precision": "day",
            "quota": "0",
            "quota_period": "year",
            "parties-TOTAL_FORMS": "2",
            "parties-INITIAL_FORMS": "0",
            "parties-MIN_NUM_FORMS": "2",
            "parties-0-organisation": first.pk,
            "parties-0-role": "first",
            "parties-0-position": "0",
            "parties-1-organisation": second.pk,
            "parties-1-role": "second",
            "parties-1-position": "1",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "A quota is at least 1." in " ".join(errors["quota"])
    assert "is violated" not in response.content.decode()

"""The curators' group exists in every database, made by a migration, not by the demo."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.roles import CURATOR_GROUP

pytestmark = pytest.mark.django_db


def codenames(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_migration_creates_the_group_with_its_permissions():
    granted = codenames(Group.objects.get(name=CURATOR_GROUP))
    for model in ["organisation", "agreement", "agreementparty", "event", "figure", "source"]:
        assert {
            f"partnerships.{action}_{model}" for action in ["add", "change", "delete", "view"]
        } <= granted
    for model in ["cohort", "trainee", "stagechange"]:
        assert {
            f"trainees.{action}_{model}" for action in ["add", "change", "delete", "view"]
        } <= granted
    assert {
        "portal.add_user",
        "portal.change_user",
        "portal.view_user",
        "portal.add_membership",
        "portal.change_membership",
        "portal.delete_membership",
        "portal.view_membership",
        "portal.view_province",
        "portal.view_regency",
        "portal.view_prefecture",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    } <= granted
    # Places are reference data; accounts are not deleted (deactivated instead); groups and
    # their permissions stay with superusers, or a curator could grant themselves anything.
    assert not {"portal.change_province", "portal.add_regency", "portal.delete_user"} & granted
    assert not {name for name in granted if name.startswith(("auth.", "contenttypes."))}


@pytest.fixture
def curator(user_factory):
    user = user_factory(username="kurator", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATOR_GROUP))
    return user


@pytest.mark.parametrize(
    "url_name",  # not "page": that is pytest-playwright's fixture, and reorders the suite
    [
        "admin:trainees_trainee_changelist",
        "admin:trainees_trainee_add",
        "admin:trainees_cohort_changelist",
        "admin:trainees_cohort_add",
        "admin:partnerships_agreement_changelist",
        "admin:portal_user_add",
        "admin:portal_regency_changelist",
        "admin:axes_accessattempt_changelist",
    ],
)
def test_a_curator_opens_the_admin_pages_of_the_registry_trainees_and_accounts(
    client, curator, url_name
):
    client.force_login(curator)
    assert client.get(reverse(url_name)).status_code == 200


def test_a_curator_does_not_make_superusers_or_change_groups(client, curator, user_factory):
    client.force_login(curator)
    other = user_factory(username="lain")
    form = client.get(reverse("admin:portal_user_change", args=[other.pk])).context["adminform"]
    assert "is_superuser" in form.readonly_fields
    assert "user_permissions" in form.readonly_fields
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_the_demo_puts_its_curator_in_the_group(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    group = Group.objects.get(name=CURATOR_GROUP)
    assert list(group.user_set.values_list("username", flat=True)) == ["kurator"]


def test_the_demo_says_so_when_the_group_is_missing(settings):
    settings.DEBUG = True
    Group.objects.filter(name=CURATOR_GROUP).delete()
    with pytest.raises(CommandError, match="migrate"):
        call_command("load_demo", verbosity=0)

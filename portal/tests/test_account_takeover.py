"""No insider reaches another account: secrets never sit where other people can read them, and
curators affect no superuser and no other curator by any path of the admin."""

import datetime
import html
import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import User
from portal.roles import CURATOR_GROUP
from portal.task_backends import UnsafeTaskArgument
from portal.tasks import send_invitation, send_password_reset
from portal.tests.workers import run_worker

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"https?://[^\s]+/reset/(?P<uid>[\w-]+)/(?P<token>[\w-]+)/")


@task
def probe(*args, **kwargs):
    """A task of the tests' own, to see which arguments the backends let through."""
    return len(args) + len(kwargs)


@pytest.mark.parametrize(
    "argument",
    [
        "http://127.0.0.1:8000/accounts/reset/MQ/cgv2kq-7b3e2f0c9a1d4e5f6a7b8c9d0e1f2a3b/",
        "/accounts/reset/MQ/set-password/",
        "cgv2kq-7b3e2f0c9a1d4e5f6a7b8c9d0e1f2a3b",  # a Django token alone
        "MQ",  # a user id in base64
        "asep@example.id",
        "Halo Asep,\nbuka tautan ini untuk memilih kata sandi",
        "kata-sandi rahasia",
        b"bytes",
        1.5,
        ["list"],
        {"key": "value"},
    ],
    ids=lambda value: type(value).__name__ + ":" + repr(value)[:24],
)
def test_a_task_refuses_anything_but_ids_and_codes(argument, queue):
    with pytest.raises(UnsafeTaskArgument, match="Tasks take ids"):
        probe.enqueue(argument)
    with pytest.raises(UnsafeTaskArgument):
        probe.enqueue(value=argument)
    assert not DBTaskResult.objects.exists()


def test_ids_codes_flags_and_none_are_accepted(queue, settings):
    probe.enqueue(42, "id", "technical-intern", "17", True, None, year=2025)
    assert DBTaskResult.objects.get().args_kwargs["args"][0] == 42
    settings.TASKS = {"default": {"BACKEND": "portal.task_backends.ImmediateBackend"}}
    assert probe.enqueue(1, "ja").return_value == 2


def test_every_task_of_the_portal_is_called_with_ids_only(queue, user_factory, client):
    """The invitation and the reset are queued with the user's id and a language: the row
    holds no address, link or token."""
    user = user_factory(username="asep", email="asep@example.id")
    client.post(reverse("password_reset"), {"email": "asep@example.id"})
    send_invitation.enqueue(user.pk, "en")
    rows = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [row.task_path for row in rows] == [
        "portal.tasks.send_password_reset",
        "portal.tasks.send_invitation",
    ]
    assert [row.args_kwargs for row in rows] == [
        {"args": [user.pk, "id"], "kwargs": {}},
        {"args": [user.pk, "en"], "kwargs": {}},
    ]


def test_the_worker_builds_the_link_from_the_portals_address(
    queue, user_factory, mailoutbox, settings
):
    settings.PORTAL_BASE_URL = "https://kemitraan.example.go.id"
    user = user_factory(username="asep", email="asep@example.id")
    send_password_reset.enqueue(user.pk, "ja")
    assert mailoutbox == []
    run_worker()
    (message,) = mailoutbox
    link = RESET_LINK.search(message.body).group(0)
    assert link.startswith("https://kemitraan.example.go.id/ja/accounts/reset/")
    assert message.to == ["asep@example.id"]


def test_a_reset_is_not_sent_to_an_account_that_changed_meanwhile(queue, user_factory, mailoutbox):
    gone = user_factory(email="pergi@example.id")
    no_password = user_factory(email="baru@example.id")
    send_password_reset.enqueue(gone.pk, "id")
    send_password_reset.enqueue(no_password.pk, "id")
    gone.is_active = False
    gone.save()
    no_password.set_unusable_password()
    no_password.save()
    run_worker()
    assert mailoutbox == []


def test_the_migration_removes_rows_that_hold_a_link(queue, user_factory):
    """Rows written by the earlier code: a reset mail with its body, an invitation with the
    site's address; and a row of any task whose arguments hold a reset link."""
    migration = importlib.import_module("portal.migrations.0011_task_rows_without_secrets")
    user = user_factory()
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

    def row(path, args, status="SUCCESSFUL"):
        return DBTaskResult.objects.create(
            task_path=path,
            args_kwargs={"args": args, "kwargs": {}},
            status=status,
            backend_name="default",
            queue_name="default",
            run_after=now,
            exception_class_path="",
            traceback="",
        )

    body = "Buka: http://portal/accounts/reset/MQ/cgv2kq-7b3e2f0c9a1d4e5f6a7b8c9d0e1f2a3b/"
    row("portal.tasks.send_email", ["Atur ulang", body, "asep@example.id"])
    row("portal.tasks.send_email", ["Atur ulang", body, "asep@example.id"], status="READY")
    row("some.other.task", [body])
    queued = row("portal.tasks.send_invitation", [user.pk, "http://portal/", "en"], "READY")
    kept = row("trainees.tasks.purge_stale_uploads", [])

    with connection.schema_editor() as editor:
        migration.remove_secrets(apps, editor)

    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {queued.pk, kept.pk}
    queued.refresh_from_db()
    assert queued.args_kwargs["args"] == [user.pk, "en"]


def crawl(client, start="/admin/", limit=600):
    """Every admin page reachable from `start` by links, without query strings (sorting and
    filters) or deletions: {url: html}."""
    seen, queue, pages = set(), [start], {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        pages[url] = body
        for href in re.findall(r'href="([^"#]+)"', body):
            href = html.unescape(href).split("?")[0]
            if href.startswith("/admin/") and "logout" not in href and "/delete/" not in href:
                queue.append(href)
    return pages


@pytest.fixture
def curator(user_factory):
    user = user_factory(username="kurator", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATOR_GROUP))
    return user


def test_a_curator_finds_no_token_in_the_admin_after_a_superusers_reset(
    queue, client, user_factory, curator, mailoutbox
):
    """The attack: a curator asks for the superuser's reset, then reads the task's row in the
    admin for the link. The row holds the user's id only; the link exists in the mail alone."""
    boss = user_factory(username="boss", email="boss@example.id", is_superuser=True, is_staff=True)
    client.post(reverse("password_reset"), {"email": "boss@example.id"})
    run_worker()  # the mail is sent: the token exists now
    (message,) = mailoutbox
    match = RESET_LINK.search(message.body)
    uid, token = match["uid"], match["token"]

    client.force_login(curator)
    pages = crawl(client)
    row = DBTaskResult.objects.get(task_path="portal.tasks.send_password_reset")
    # The crawl reached the task's row and the superuser's account, and more.
    assert reverse("admin:django_tasks_database_dbtaskresult_change", args=[row.pk]) in pages
    assert reverse("admin:portal_user_change", args=[boss.pk]) in pages
    assert len(pages) > 40
    for url, body in pages.items():
        assert token not in body, url
        assert f"/reset/{uid}/" not in body, url
    # The curators' view of a task shows what ran and when, not its arguments or result.
    page = pages[reverse("admin:django_tasks_database_dbtaskresult_change", args=[row.pk])]
    assert "portal.tasks.send_password_reset" in page
    assert "args kwargs" not in page.lower()
    assert "return value" not in page.lower()


# --- Who may change which account: every actor x every account action x every target. ---


def change_form_data(response):
    """The POST data of an admin change form as the GET `response` shows it, inlines
    included: what a browser would send back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.disabled:
            continue
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"] = local.date().isoformat()
            data[f"{name}_1"] = local.strftime("%H:%M:%S")
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(
            {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        )
        for number, inline_form in enumerate(formset.initial_forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                key = f"{formset.prefix}-{number}-{name}"
                if value not in (None, False):
                    data[key] = str(value.pk if hasattr(value, "pk") else value)
    return data


class Admin:
    """The account actions of the admin, each returning whether it took effect on `target`."""

    def __init__(self, client, mailoutbox, on_commit):
        self.client, self.mailoutbox, self.on_commit = client, mailoutbox, on_commit

    def _change(self, target, **changes):
        url = reverse("admin:portal_user_change", args=[target.pk])
        response = self.client.get(url)
        if response.status_code != 200 or "adminform" not in (response.context or {}):
            # Not even readable: post what a forger would, the target's own values changed.
            data = {"username": target.username, "email": target.email}
        else:
            data = change_form_data(response)
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return self.client.post(url, data)

    def change_email(self, target):
        self._change(target, email="penyerang@example.id")
        return User.objects.get(pk=target.pk).email == "penyerang@example.id"

    def deactivate(self, target):
        self._change(target, is_active=None)
        return not User.objects.get(pk=target.pk).is_active

    def change_groups(self, target):
        """Into the curators' group when out of every group, out of every group when in one."""
        before = set(target.groups.values_list("pk", flat=True))
        wanted = [] if before else [str(Group.objects.get(name=CURATOR_GROUP).pk)]
        self._change(target, groups=wanted)
        return set(User.objects.get(pk=target.pk).groups.values_list("pk", flat=True)) != before

    def change_staff_status(self, target):
        """Staff (the admin, and with the group curator powers) on or off."""
        self._change(target, is_staff=None if target.is_staff else "on")
        return User.objects.get(pk=target.pk).is_staff != target.is_staff

    def change_superuser_status(self, target):
        self._change(target, is_superuser=None if target.is_superuser else "on")
        return User.objects.get(pk=target.pk).is_superuser != target.is_superuser

    def grant_permission(self, target):
        permission = Permission.objects.get(codename="delete_user")
        self._change(target, user_permissions=[str(permission.pk)])
        return User.objects.get(pk=target.pk).user_permissions.filter(pk=permission.pk).exists()

    def add_membership(self, target, province):
        before = target.memberships.count()
        url = reverse("admin:portal_user_change", args=[target.pk])
        response = self.client.get(url)
        if response.status_code == 200 and "adminform" in (response.context or {}):
            data = change_form_data(response)
        else:
            data = {"username": target.username, "email": target.email}
            data.update({"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
        total = int(data.get("memberships-TOTAL_FORMS", 0))
        data["memberships-TOTAL_FORMS"] = str(total + 1)
        data[f"memberships-{total}-role"] = "official"
        data[f"memberships-{total}-province"] = str(province.pk)
        self.client.post(url, data)
        return target.memberships.count() == before + 1

    def set_password(self, target):
        url = reverse("admin:auth_user_password_change", args=[target.pk])
        self.client.post(
            url,
            {
                "password1": "bisa-masuk-sebagai-dia",
                "password2": "bisa-masuk-sebagai-dia",
                "set_usable_password": "true",
            },
        )
        return User.objects.get(pk=target.pk).check_password("bisa-masuk-sebagai-dia")

    def send_password_link(self, target):
        before = len(self.mailoutbox)
        with self.on_commit(execute=True):
            self.client.post(
                reverse("admin:portal_user_changelist"),
                {"action": "send_password_link", "_selected_action": [str(target.pk)]},
            )
        return any(target.email in m.to for m in self.mailoutbox[before:])

    def revert_history(self, target):
        """The history page of an earlier version saves what is posted to it."""
        version = target.history.order_by("history_id").first()
        url = reverse("admin:portal_user_simple_history", args=[target.pk, version.history_id])
        response = self.client.get(url)
        if response.status_code == 200 and "adminform" in (response.context or {}):
            data = change_form_data(response)
        else:
            data = {"username": target.username}
        data["email"] = "penyerang@example.id"
        self.client.post(url, data)
        return User.objects.get(pk=target.pk).email == "penyerang@example.id"

    def delete(self, target):
        self.client.post(reverse("admin:portal_user_delete", args=[target.pk]), {"post": "yes"})
        return not User.objects.filter(pk=target.pk).exists()


ACTIONS = [
    "change_email",
    "deactivate",
    "change_groups",
    "change_staff_status",
    "change_superuser_status",
    "grant_permission",
    "add_membership",
    "set_password",
    "send_password_link",
    "revert_history",
    "delete",
]
# What a curator may do to the account of a school's, training centre's or province's person:
# keep its details and send the owner a link. Never choose their password (that is signing in
# as them), never grant curator or superuser powers, never delete (accounts are deactivated).
CURATOR_MAY = {
    "change_email",
    "deactivate",
    "add_membership",
    "send_password_link",
    "revert_history",
}


@pytest.fixture
def people(user_factory, bengkulu, organisation_factory, curator):
    school = organisation_factory(name="SMK Pemilik")
    group = Group.objects.get(name=CURATOR_GROUP)

    def make(kind, name):
        if kind == "superuser":
            return user_factory(username=name, is_staff=True, is_superuser=True)
        if kind == "curator":
            user = user_factory(username=name, is_staff=True)
            user.groups.add(group)
            return user
        if kind == "staff":  # staff without the curators' group: no permission at all
            return user_factory(username=name, is_staff=True)
        return user_factory(username=name, memberships=[("head", school)])

    for user in User.objects.all():
        # Each account has its history (the revert path needs an earlier version).
        if not user.history.exists():
            user.save()
    return make


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("target_kind", ["superuser", "curator", "head"])
@pytest.mark.parametrize("actor_kind", ["superuser", "curator", "staff", "head"])
def test_account_action_matrix(
    actor_kind,
    target_kind,
    action,
    people,
    client,
    mailoutbox,
    bengkulu,
    django_capture_on_commit_callbacks,
):
    actor = people(actor_kind, "pelaku")
    target = people(target_kind, "sasaran")
    target.save()  # a history record to revert to
    client.force_login(actor)
    admin = Admin(client, mailoutbox, django_capture_on_commit_callbacks)
    method = getattr(admin, action)
    took_effect = method(target, bengkulu) if action == "add_membership" else method(target)

    if actor_kind == "superuser":
        expected = True
    elif actor_kind == "curator":
        expected = target_kind == "head" and action in CURATOR_MAY
    else:
        expected = False
    assert took_effect is expected, f"{actor_kind} -> {action} -> {target_kind}"


def test_a_curator_keeps_their_own_details_but_not_their_powers(
    people, client, mailoutbox, django_capture_on_commit_callbacks
):
    curator = people("curator", "saya")
    client.force_login(curator)
    admin = Admin(client, mailoutbox, django_capture_on_commit_callbacks)
    assert admin.change_email(curator)
    assert not admin.change_superuser_status(curator)
    assert not admin.change_groups(curator)
    assert not admin.grant_permission(curator)
    assert not admin.set_password(curator)


def test_every_history_admin_checks_the_right_to_change_before_saving_a_version():
    """A model admin with a history page of earlier versions is the portal's HistoryAdmin,
    which refuses a post there from a user who may only read the record."""
    from django.contrib import admin as django_admin
    from simple_history.admin import SimpleHistoryAdmin

    from portal.admin import HistoryAdmin

    with_history = [
        model_admin
        for model_admin in django_admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert len(with_history) >= 6
    assert all(isinstance(model_admin, HistoryAdmin) for model_admin in with_history)

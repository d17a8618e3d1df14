"""Reminders that an agreement expires soon: once per agreement, expiry date and threshold (90, 30,
7 days), to the curators and the parties' heads and staff, each in their own language, however
many workers run the job at once."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from partnerships.models import ExpiryReminder
from partnerships.reminders import (
    THRESHOLDS,
    due_reminders,
    recipients,
    send_due_reminders,
    threshold_for,
)
from partnerships.tasks import send_expiry_reminders
from portal.tests.workers import race_workers, run_worker

D = datetime.date
TODAY = D(2026, 6, 1)


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def parties(organisation_factory):
    return [organisation_factory(name="SMK Pengingat"), organisation_factory(japanese=True)]


@pytest.fixture
def head(user_factory, parties):
    return user_factory(username="kepala", memberships=[("head", parties[0])])


def sent_thresholds():
    return sorted(ExpiryReminder.objects.values_list("threshold", flat=True))


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [(0, 7), (1, 7), (7, 7), (8, 30), (30, 30), (31, 90), (89, 90), (90, 90)],
)
def test_threshold_for_is_the_smallest_threshold_not_below_the_days_left(days_left, threshold):
    assert threshold_for(days_left) == threshold


@pytest.mark.parametrize("days_left", [-1, 91, 365, None])
def test_threshold_for_is_none_outside_the_90_days(days_left):
    assert threshold_for(days_left) is None


def test_each_threshold_is_sent_once_across_daily_runs(
    agreement_factory, parties, head, mailoutbox
):
    agreement = agreement_factory(parties=parties, expires_on=TODAY + days(91))

    sent_by_days_left = {}
    for days_left in range(91, -1, -1):
        sent_by_days_left[days_left] = send_due_reminders(
            today=agreement.expires_on - days(days_left)
        )

    assert {n: count for n, count in sent_by_days_left.items() if count} == {90: 1, 30: 1, 7: 1}
    assert sent_thresholds() == sorted(THRESHOLDS)
    assert len(mailoutbox) == 3
    assert all(message.to == [head.email] for message in mailoutbox)
    # A second run on the same day sends nothing more.
    assert send_due_reminders(today=agreement.expires_on) == 0


def test_91_90_89_days_before(agreement_factory, parties, head, mailoutbox):
    agreement = agreement_factory(parties=parties, expires_on=TODAY + days(91))

    assert send_due_reminders(today=TODAY) == 0
    assert send_due_reminders(today=TODAY + days(1)) == 1
    assert send_due_reminders(today=TODAY + days(2)) == 0

    reminder = ExpiryReminder.objects.get()
    assert (reminder.agreement, reminder.threshold) == (agreement, 90)
    assert reminder.expires_on == agreement.expires_on
    assert reminder.recipient_count == 1
    assert len(mailoutbox) == 1


def test_an_agreement_first_seen_at_20_days_gets_only_the_30_day_reminder(
    agreement_factory, parties, head, mailoutbox
):
    agreement_factory(parties=parties, expires_on=TODAY + days(20))

    assert send_due_reminders(today=TODAY) == 1
    assert sent_thresholds() == [30]
    assert len(mailoutbox) == 1
    for day in range(1, 13):  # 19 to 8 days left: still the 30-day reminder, already sent
        assert send_due_reminders(today=TODAY + days(day)) == 0
    assert send_due_reminders(today=TODAY + days(13)) == 1  # 7 days left
    assert sent_thresholds() == [7, 30]


def test_agreements_not_in_force_get_no_reminder(agreement_factory, parties, head, mailoutbox):
    agreement_factory(parties=parties, expires_on=TODAY + days(20), terminated_on=TODAY)
    agreement_factory(parties=parties, expires_on=TODAY - days(1))  # expired yesterday
    agreement_factory(parties=parties, signed_on=None, expires_on=TODAY + days(20))  # draft
    agreement_factory(
        parties=parties, effective_from=TODAY + days(1), expires_on=TODAY + days(20)
    )  # not in force yet
    agreement_factory(parties=parties, expires_on=None)  # no expiry

    assert due_reminders(today=TODAY) == []
    assert send_due_reminders(today=TODAY) == 0
    assert mailoutbox == []
    assert not ExpiryReminder.objects.exists()


def test_an_extended_agreement_is_reminded_again(agreement_factory, parties, head, mailoutbox):
    agreement = agreement_factory(parties=parties, expires_on=TODAY + days(20))
    assert send_due_reminders(today=TODAY) == 1

    agreement.expires_on = TODAY + days(80)  # extended
    agreement.save(update_fields=["expires_on"])

    assert send_due_reminders(today=TODAY) == 1
    assert sorted(ExpiryReminder.objects.values_list("expires_on", "threshold")) == [
        (TODAY + days(20), 30),
        (TODAY + days(80), 90),
    ]
    assert len(mailoutbox) == 2


def test_recipients_are_curators_and_the_parties_heads_and_staff_once(
    agreement_factory, organisation_factory, user_factory, parties, bengkulu
):
    agreement = agreement_factory(parties=parties, expires_on=TODAY + days(20))
    elsewhere = organisation_factory(name="SMK Lain")
    expected = [
        user_factory(username="kepala", memberships=[("head", parties[0])]),
        user_factory(username="staf-jepang", memberships=[("staff", parties[1])]),
        # Head of one party and staff of the other: one mail.
        user_factory(
            username="dua-peran", memberships=[("head", parties[0]), ("staff", parties[1])]
        ),
        user_factory(username="kurator", is_staff=True),
        user_factory(username="admin", is_superuser=True),
    ]
    user_factory(username="pejabat", memberships=[("official", bengkulu)])
    user_factory(username="lain", memberships=[("head", elsewhere)])
    user_factory(username="nonaktif", is_active=False, memberships=[("head", parties[0])])
    user_factory(username="kurator-nonaktif", is_staff=True, is_active=False)
    user_factory(username="tanpa-surel", email="", memberships=[("staff", parties[0])])
    user_factory(username="biasa")

    assert sorted(u.username for u in recipients(agreement)) == sorted(u.username for u in expected)

    send_due_reminders(today=TODAY)
    assert ExpiryReminder.objects.get().recipient_count == len(expected)


def test_the_mail_names_the_agreement_and_links_to_it(
    agreement_factory, parties, user_factory, mailoutbox
):
    user_factory(username="kepala", language="en", memberships=[("head", parties[0])])
    agreement = agreement_factory(
        parties=parties, title="Magang ke Jepang", expires_on=TODAY + days(30)
    )

    send_due_reminders(today=TODAY, base_url="https://portal.example.go.id/")

    (message,) = mailoutbox
    assert message.subject == "Agreement expires in 30 days: Magang ke Jepang"
    assert "Magang ke Jepang" in message.body
    assert agreement.number in message.body
    assert f"Parties: SMK Pengingat, {parties[1].name}\n" in message.body
    assert "1 Jul 2026" in message.body
    assert "this agreement expires in 30 days:" in message.body
    assert "reminder 30 days before the expiry" in message.body
    with translation.override("en"):
        path = agreement.get_absolute_url()
    assert f"https://portal.example.go.id{path}" in message.body


def test_the_link_uses_portal_base_url_by_default(
    agreement_factory, parties, head, mailoutbox, settings
):
    settings.PORTAL_BASE_URL = "https://kemitraan.example.go.id"
    agreement = agreement_factory(parties=parties, expires_on=TODAY + days(7))

    send_due_reminders(today=TODAY)

    (message,) = mailoutbox
    assert f"https://kemitraan.example.go.id{agreement.get_absolute_url()}" in message.body


def test_each_mail_is_in_its_recipients_language(
    agreement_factory, parties, user_factory, mailoutbox
):
    english = user_factory(username="english", language="en", memberships=[("head", parties[0])])
    user_factory(username="default", language="", memberships=[("staff", parties[0])])
    agreement_factory(parties=parties, title="Kerja sama", expires_on=TODAY + days(7))

    send_due_reminders(today=TODAY)

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert len(by_recipient) == 2
    assert by_recipient[english.email].subject == "Agreement expires in 7 days: Kerja sama"
    assert "8 Jun 2026" in by_recipient[english.email].body
    assert translation.get_language() == "id"  # the override does not leak


# Needs the Indonesian catalogue with the msgids of /tmp/i18n/reminders.tsv merged: run it again
# after the merge.
def test_a_mail_without_a_chosen_language_is_in_indonesian(
    agreement_factory, parties, user_factory, mailoutbox
):
    user_factory(username="default", language="", memberships=[("staff", parties[0])])
    agreement_factory(parties=parties, title="Kerja sama", expires_on=TODAY + days(7))

    send_due_reminders(today=TODAY)

    (message,) = mailoutbox
    assert message.subject == "Perjanjian berakhir dalam 7 hari: Kerja sama"
    assert "perjanjian ini berakhir dalam 7 hari:" in message.body
    assert "8 Juni 2026" in message.body


def test_due_reminders_takes_the_same_queries_for_3_or_30_agreements(
    agreement_factory, organisation_factory, parties
):
    def queries_for_due_reminders():
        with CaptureQueriesContext(connection) as queries:
            due = due_reminders(today=TODAY)
        return len(queries), len(due)

    for n in range(3):
        agreement_factory(parties=parties, expires_on=TODAY + days(10 + n))
    few = queries_for_due_reminders()
    for n in range(27):
        agreement_factory(
            parties=[parties[0], organisation_factory()], expires_on=TODAY + days(40 + n)
        )
    many = queries_for_due_reminders()

    assert few[1] == 3
    assert many[1] == 30
    assert few[0] == many[0] <= 4


def test_the_command_enqueues_the_task_for_the_worker(
    queue, agreement_factory, parties, head, mailoutbox, capsys
):
    agreement_factory(parties=parties, expires_on=timezone.localdate() + days(30))

    call_command("send_reminders")

    row = DBTaskResult.objects.get()
    assert row.task_path == "partnerships.tasks.send_expiry_reminders"
    assert row.status == TaskResultStatus.READY
    assert "Enqueued send_expiry_reminders" in capsys.readouterr().out
    assert mailoutbox == []  # not sent by the command

    run_worker()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.task_result.return_value == 1
    assert [message.to for message in mailoutbox] == [[head.email]]


def test_the_command_with_now_sends_at_once(
    queue, agreement_factory, parties, head, mailoutbox, capsys
):
    agreement_factory(parties=parties, expires_on=timezone.localdate() + days(5))

    call_command("send_reminders", "--now")

    assert "Sent 1 expiry reminder email(s)." in capsys.readouterr().out
    assert not DBTaskResult.objects.exists()
    assert [message.to for message in mailoutbox] == [[head.email]]
    assert sent_thresholds() == [7]


@pytest.mark.django_db(transaction=True)
def test_racing_workers_send_each_reminder_exactly_once(
    reference_data, queue, agreement_factory, organisation_factory, user_factory, mailoutbox
):
    """Four workers (threads, each with its own database connection) run four copies of the
    daily task at once: the unique reminder row, inserted in the same transaction as the
    mails are sent, lets one of them send each reminder and the others skip it."""
    assert connection.vendor == "postgresql"
    today = timezone.localdate()
    school, partner = organisation_factory(), organisation_factory(japanese=True)
    people = [
        user_factory(memberships=[("head", school)]),
        user_factory(memberships=[("staff", partner)]),
        user_factory(is_staff=True),
    ]
    agreements = [
        agreement_factory(parties=[school, partner], expires_on=today + days(n))
        for n in (3, 10, 25, 45, 60, 90)
    ]
    for _copy in range(4):
        send_expiry_reminders.enqueue()
    assert race_workers(4) == []
    rows = DBTaskResult.objects.all()
    assert [row.status for row in rows] == [TaskResultStatus.SUCCESSFUL] * 4
    assert sum(row.task_result.return_value for row in rows) == len(agreements) * len(people)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        person.email for person in people for _agreement in agreements
    )
    for person in people:
        subjects = [m.subject for m in mailoutbox if m.to == [person.email]]
        assert len(subjects) == len(set(subjects)) == len(agreements)
    assert ExpiryReminder.objects.count() == len(agreements)


def test_a_curator_reads_task_results_and_reminders_in_the_admin(
    client, user_factory, agreement_factory, parties
):
    curator = user_factory(username="kurator", is_staff=True)
    curator.groups.add(Group.objects.get(name="Kurator"))
    agreement = agreement_factory(parties=parties, expires_on=TODAY + days(20))
    ExpiryReminder.objects.create(
        agreement=agreement, expires_on=agreement.expires_on, threshold=30
    )
    send_expiry_reminders.enqueue()  # the test settings run it at once: no row
    client.force_login(curator)

    tasks = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    reminders = client.get(reverse("admin:partnerships_expiryreminder_changelist"))
    adding = client.get(reverse("admin:partnerships_expiryreminder_add"))

    assert tasks.status_code == 200
    assert reminders.status_code == 200
    assert agreement.number in reminders.text
    assert adding.status_code == 403


def test_a_staff_user_outside_the_group_cannot_read_task_results(client, user_factory):
    client.force_login(user_factory(is_staff=True))

    response = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))

    assert response.status_code == 403


def test_the_workspace_flags_expiring_agreements(client, agreement_factory, parties, head):
    today = timezone.localdate()
    for n in (5, 20, 60):
        agreement_factory(parties=parties, expires_on=today + days(n))
    agreement_factory(parties=parties, expires_on=today + days(200))  # not expiring
    client.force_login(head)

    with translation.override("en"):
        response = client.get(reverse("pages:workspace"))

    assert response.status_code == 200
    text = response.text
    assert text.count('data-testid="expiry-flag"') == 3
    assert 'class="badge text-bg-danger" data-testid="expiry-flag">5 days left<' in text
    assert 'class="badge text-bg-warning" data-testid="expiry-flag">20 days left<' in text
    assert 'class="badge text-bg-info" data-testid="expiry-flag">60 days left<' in text


def test_the_flag_of_an_agreement_expiring_today(agreement_factory, parties):
    agreement = agreement_factory(parties=parties, expires_on=timezone.localdate())

    with translation.override("en"):
        html = render_to_string("includes/expiry_flag.html", {"agreement": agreement})

    assert "text-bg-danger" in html
    assert "Expires today" in html

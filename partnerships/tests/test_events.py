"""An event's status follows its date: planned while the day is ahead (in Jakarta), held from
that day on. It is derived, never stored, in SQL and in Python alike."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import Event

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PLANNED, HELD = Event.Status.PLANNED, Event.Status.HELD


def event_on(date, name=None):
    return Event.objects.create(name=name or f"Acara {date}", kind=Event.Kind.VISIT, date=date)


@pytest.mark.parametrize("offset, status", [(-1, HELD), (0, HELD), (1, PLANNED)])
def test_sql_and_python_agree_around_today(offset, status):
    today = datetime.date(2025, 7, 12)
    event = event_on(today + offset * DAY)
    assert event.status_on(today) == status
    assert Event.objects.with_status(today).get(pk=event.pk).status_code == status


def test_the_day_is_jakarta_s_not_the_server_clock_s(monkeypatch):
    """At 01:00 in Jakarta it is still the day before in UTC: an event of the Jakarta day has
    begun, not "planned"."""
    jakarta_morning = datetime.datetime(2025, 7, 11, 18, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: jakarta_morning)
    event = event_on(datetime.date(2025, 7, 12))
    assert event.status == HELD
    assert Event.objects.with_status().get(pk=event.pk).status == HELD


def test_pages_show_yesterday_held_and_tomorrow_planned(client):
    today = timezone.localdate()
    yesterday, tomorrow = event_on(today - DAY, "Kemarin"), event_on(today + DAY, "Besok")
    with translation.override("en"):
        pages = {
            e: reverse("partnerships:event-detail", args=[e.pk]) for e in [yesterday, tomorrow]
        }
        home = reverse("pages:home")
    assert "planned" not in client.get(pages[yesterday]).content.decode()
    assert "planned" in client.get(pages[tomorrow]).content.decode()
    listed = client.get(home).content.decode()
    assert listed.count(">planned<") == 1


def test_the_admin_filters_and_shows_the_derived_status(client, user_factory):
    today = timezone.localdate()
    event_on(today - DAY, "Kemarin"), event_on(today + DAY, "Besok")
    curator = user_factory(is_staff=True)
    curator.user_permissions.set(Permission.objects.filter(codename="view_event"))
    client.force_login(curator)
    url = reverse("admin:partnerships_event_changelist")
    names = {
        status: [e.name for e in client.get(url, {"status": status}).context["cl"].result_list]
        for status in [PLANNED, HELD]
    }
    assert names == {PLANNED: ["Besok"], HELD: ["Kemarin"]}

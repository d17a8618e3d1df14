"""The dashboards' PDF reports are made by the task worker, never in a request, stored under a
key of their filter and the data version, and served from storage."""

import datetime

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from dashboards import stored_reports
from portal.tests.workers import run_worker

# Tables the dashboards do not read: they need not advance the data version (the access log
# is written by every look at a trainee, stage changes always come with their trainee's update).
UNREAD = {
    "partnerships_expiryreminder",
    "trainees_dataaccess",
    "trainees_stagechange",
}


def test_every_table_the_dashboards_read_advances_the_data_version(db, organisation_factory):
    tables = {
        model._meta.db_table
        for label in ("partnerships", "trainees")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy and not model._meta.db_table.split("_", 1)[1].startswith("hist")
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'portal_data_version'"
        )
        triggered = {name for (name,) in cursor.fetchall()}
    assert tables - UNREAD == triggered
    before = stored_reports.data_version()
    organisation_factory()
    assert stored_reports.data_version() > before


def pdf_url(year):
    return reverse("dashboards:province-report", args=["17", "pdf"]) + f"?year_from={year}"


def stored_files():
    try:
        days, _ = default_storage.listdir(stored_reports.DIRECTORY)
    except FileNotFoundError:
        return []
    return [
        name
        for day in days
        for name in default_storage.listdir(f"{stored_reports.DIRECTORY}/{day}")[1]
    ]


def test_no_request_makes_a_pdf_and_the_worker_makes_each_once(queue, client, known):
    """Eight reports asked at once: each request answers at once that it is being prepared
    (and looks again by itself); ordinary pages are served meanwhile; one task per report,
    however often it is asked; the worker makes them; then they are served from storage."""
    years = range(2017, 2025)
    for year in years:
        response = client.get(pdf_url(year))
        assert response.status_code == 202
        assert response["Retry-After"] == "5" and response["Refresh"] == "5"
        assert "no-store" in response["Cache-Control"]
        assert "Laporan sedang disiapkan" in response.content.decode()
    assert client.get(pdf_url(2017)).status_code == 202  # asked again: no second task
    assert DBTaskResult.objects.filter(task_path=stored_reports.TASK_PATH).count() == 8
    for name in ("pages:home", "dashboards:national"):
        assert client.get(reverse(name)).status_code == 200
    assert stored_files() == []  # nothing made in a request

    run_worker()

    assert len(stored_files()) == 8
    response = client.get(pdf_url(2020))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert DBTaskResult.objects.filter(task_path=stored_reports.TASK_PATH).count() == 8


def test_a_report_follows_the_data(queue, client, known, agreement_factory, monkeypatch):
    client.get(pdf_url(2020))
    run_worker()
    assert client.get(pdf_url(2020)).status_code == 200
    agreement_factory(parties=[known.school_a], signed_on=datetime.date(2025, 2, 1))
    # The data moved on: the report made a moment ago is still served, a fresh one is queued.
    response = client.get(pdf_url(2020))
    assert response.status_code == 200
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    assert len(stored_files()) == 2
    # Too old a report is not served: the request waits for the fresh one.
    monkeypatch.setattr(stored_reports, "STALE_SECONDS", -1)
    agreement_factory(parties=[known.school_b], signed_on=datetime.date(2025, 3, 1))
    assert client.get(pdf_url(2020)).status_code == 202


def test_the_queue_has_a_limit(queue, client, known, monkeypatch):
    monkeypatch.setattr(stored_reports, "QUEUE_LIMIT", 3)
    for year in (2020, 2021, 2022):
        assert client.get(pdf_url(year)).status_code == 202
    response = client.get(pdf_url(2023))
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Banyak laporan sedang disiapkan" in response.content.decode()


def test_a_curators_exact_report_is_served_to_nobody_else(client, known, user_factory):
    """Tasks run at once in the tests: the report is made in the enqueueing request."""
    client.force_login(user_factory(is_staff=True))
    curator = client.get(pdf_url(2020))
    assert curator.status_code == 200
    curators_pdf = b"".join(curator.streaming_content)
    assert len(stored_files()) == 1
    client.logout()
    public = client.get(pdf_url(2020))
    assert public.status_code == 200
    assert b"".join(public.streaming_content) != curators_pdf
    assert len(stored_files()) == 2  # its own, protected report


def test_a_report_the_worker_cannot_make_says_so(queue, client, known):
    client.get(pdf_url(2020))
    DBTaskResult.objects.filter(task_path=stored_reports.TASK_PATH).update(
        status="FAILED", finished_at=datetime.datetime.now(datetime.UTC)
    )
    response = client.get(pdf_url(2020), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("dashboards:province", args=["17"]))
    assert "Laporan PDF belum dapat dibuat" in response.content.decode()


@pytest.mark.parametrize("language", ["id", "en", "ja"])
def test_each_language_has_its_own_report(client, known, language):
    prefix = "" if language == "id" else f"/{language}"
    assert client.get(prefix + pdf_url(2020)).status_code == 200
    assert len(stored_files()) == 1


def test_a_poisoned_pointer_in_the_cache_serves_nothing_else(client, known):
    """The stale-report pointer lives in the shared cache: a pointer to any other stored file
    (an uploaded roster, a restricted document) is never followed."""
    from django.core.cache import cache
    from django.core.files.base import ContentFile
    from django.utils import timezone

    secret = default_storage.save("imports/roster-of-someone", ContentFile(b"%PDF secret"))
    spec = stored_reports.ReportSpec(province_code="17", year_from=2020, language="id")
    day = timezone.localdate()
    cache.set(
        stored_reports._pointer(spec, day),
        {"path": secret, "made": timezone.now().timestamp()},
        600,
    )
    assert stored_reports.stored(spec, version=-1) is None
    response = client.get(pdf_url(2020))
    assert response.status_code == 200
    assert b"secret" not in b"".join(response.streaming_content)

"""Unconfirmed rosters (personal data) go after a day, by a scheduled job, whoever uploads."""

import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.tasks import default_task_backend
from django.urls import reverse

from trainees import uploads
from trainees.models import Trainee
from trainees.tasks import purge_stale_uploads

HEADER = "nama lengkap,NISN,jenis kelamin,tanggal lahir,NPSN,bahasa,bidang,tahap\n"


def age(token, seconds):
    """Make the file of `token` look `seconds` old."""
    path = uploads.directory() / token
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.fixture
def old_and_fresh():
    old, fresh = uploads.save(b"lama"), uploads.save(b"baru")
    age(old, uploads.IMPORT_TTL_SECONDS + 60)
    age(fresh, uploads.IMPORT_TTL_SECONDS - 60)
    return old, fresh


def names():
    return {path.name for path in uploads.directory().iterdir()}


def test_the_purge_removes_old_files_and_keeps_fresh_ones(old_and_fresh):
    old, fresh = old_and_fresh
    assert uploads.purge_stale(older_than=uploads.IMPORT_TTL_SECONDS) == 1
    assert names() == {fresh}
    assert uploads.read(fresh) == b"baru"


def test_the_command_purges_and_says_how_many(old_and_fresh):
    old, fresh = old_and_fresh
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)
    assert out.getvalue().strip() == "Removed 1 unconfirmed roster file(s)."
    assert names() == {fresh}


def test_the_command_can_hand_the_purge_to_the_task_queue(old_and_fresh, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    out = io.StringIO()
    call_command("purge_uploads", "--enqueue", stdout=out)
    (result,) = default_task_backend.results
    assert result.task.name == purge_stale_uploads.name
    assert "Enqueued purge_stale_uploads" in out.getvalue()
    assert names() == set(old_and_fresh)  # a worker runs it, not the command


def test_the_task_purges_where_a_worker_runs_it(old_and_fresh):
    old, fresh = old_and_fresh
    assert purge_stale_uploads.enqueue().return_value == 1  # the immediate backend runs it
    assert names() == {fresh}


def test_a_file_past_its_day_cannot_be_read_even_before_the_purge(old_and_fresh):
    old, _fresh = old_and_fresh
    assert uploads.read(old) is None
    assert old not in names()


@pytest.mark.parametrize("token", ["../../etc/passwd", "", None, "a" * 21, "ä" * 22])
def test_only_tokens_of_ours_name_a_file(token):
    assert uploads.read(token) is None
    uploads.delete(token)  # nothing to delete, nothing raised


@pytest.fixture
def cohort(walls, cohort_factory):
    return cohort_factory(institution=walls.school)


def upload(client, cohort, *rows):
    file = SimpleUploadedFile("peserta.csv", (HEADER + "".join(r + "\n" for r in rows)).encode())
    return client.post(reverse("trainees:cohort-import", args=[cohort.pk]), {"file": file})


def confirm(client, cohort, token):
    url = reverse("trainees:cohort-import", args=[cohort.pk])
    return client.post(url, {"token": token}, follow=True)


def test_the_upload_flow_keeps_then_deletes_its_file(client, walls, cohort):
    client.force_login(walls.owner)
    token = upload(client, cohort, "Ani Fiktif,,P,2008-05-17,,,,").context["token"]
    assert names() == {token}
    confirm(client, cohort, token)
    assert Trainee.objects.filter(cohort=cohort).count() == 1
    assert names() == set()


def test_a_roster_confirmed_after_a_day_has_expired(client, walls, cohort):
    client.force_login(walls.owner)
    token = upload(client, cohort, "Ani Fiktif,,P,2008-05-17,,,,").context["token"]
    age(token, uploads.IMPORT_TTL_SECONDS + 60)
    response = confirm(client, cohort, token)
    assert response.redirect_chain[-1][0] == reverse("trainees:cohort-import", args=[cohort.pk])
    assert not Trainee.objects.exists()
    assert names() == set()

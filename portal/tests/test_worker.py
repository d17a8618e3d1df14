"""The background worker: with the database backend (django-tasks-db) a task is a row written by
the request and run later by `manage.py db_worker`, once, however many workers poll the queue."""

import os

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.tasks import send_invitation
from portal.tests.workers import race_workers, run_worker
from trainees import uploads
from trainees.tasks import purge_stale_uploads


def test_the_test_settings_run_tasks_at_once(user_factory, mailoutbox):
    user = user_factory()
    result = send_invitation.enqueue(user.pk, "id")
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(mailoutbox) == 1
    assert not DBTaskResult.objects.exists()


def test_an_invitation_waits_for_the_worker_and_is_sent_once(queue, user_factory, mailoutbox):
    user = user_factory()
    result = send_invitation.enqueue(user.pk, "id")

    row = DBTaskResult.objects.get()
    assert str(row.id) == result.id
    assert row.task_path == "portal.tasks.send_invitation"
    assert row.status == TaskResultStatus.READY
    assert mailoutbox == []  # not sent in the request

    run_worker()
    run_worker()  # a second pass finds nothing left to do

    (message,) = mailoutbox
    assert message.to == [user.email]
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.finished_at is not None


def test_the_purge_runs_in_the_worker(queue):
    old, fresh = uploads.save(b"lama"), uploads.save(b"baru")
    for token, seconds in [(old, uploads.IMPORT_TTL_SECONDS + 60), (fresh, 0)]:
        path = uploads.directory() / token
        mtime = path.stat().st_mtime - seconds
        os.utime(path, (mtime, mtime))

    result = purge_stale_uploads.enqueue()
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    assert uploads.read(fresh) == b"baru"
    assert (uploads.directory() / old).exists()  # still there: nothing ran in the request

    run_worker()

    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.task_result.return_value == 1
    assert str(row.id) == result.id
    assert not (uploads.directory() / old).exists()
    assert uploads.read(fresh) == b"baru"


def test_a_failing_task_is_marked_failed_and_the_queue_goes_on(queue, user_factory, mailoutbox):
    user = user_factory()
    broken = send_invitation.enqueue(user.pk, "id")
    send_invitation.enqueue(user.pk, "id")
    DBTaskResult.objects.filter(pk=broken.id).update(task_path="portal.tasks.no_such_task")

    run_worker()

    assert DBTaskResult.objects.get(pk=broken.id).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_racing_workers_send_each_mail_exactly_once(queue, user_factory, mailoutbox):
    """Several workers (here threads, each with its own database connection) claim the rows
    with SELECT ... FOR UPDATE SKIP LOCKED: each task runs once, whoever takes it."""
    assert connection.vendor == "postgresql"
    users = [user_factory() for _ in range(20)]
    for user in users:
        send_invitation.enqueue(user.pk, "id")
    assert race_workers(4) == []
    assert sorted(message.to[0] for message in mailoutbox) == sorted(u.email for u in users)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 20
    for row in DBTaskResult.objects.all():
        assert len(row.worker_ids) == 1  # claimed by one worker only

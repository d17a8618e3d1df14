"""The real task worker in tests: django-tasks-db's database backend and its `db_worker`,
run in the test's thread or in several threads racing, as several machines would."""

import threading

import pytest
from django.db import connection
from django_tasks_db.management.commands import db_worker

DATABASE_BACKEND = {"default": {"BACKEND": "portal.task_backends.DatabaseBackend"}}


@pytest.fixture
def queue(db, settings, monkeypatch):
    """Tasks go to the database, as in production, for run_worker()."""
    settings.TASKS = DATABASE_BACKEND
    # Between tasks the worker closes connections that are not in autocommit, as a request
    # does; inside a test's transaction that would close the test's own connection.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker(worker_id="test-worker"):
    """What `manage.py db_worker --batch` does, without its signal handlers (a thread may not
    set them): run every ready task, then stop."""
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()


def race_workers(count):
    """Start `count` workers at the same instant, each in its thread with its own database
    connection, and wait for them; return the exceptions they raised."""
    start = threading.Barrier(count)
    errors = []

    def work(number):
        try:
            start.wait()
            run_worker(f"racer-{number}")
        except Exception as error:  # pragma: no cover - reported by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors

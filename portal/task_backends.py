"""The portal's task backends: Django's, refusing any argument that could be a secret.

A queued task is a row in the database (django-tasks-db) that curators may read in the admin
and that stays after it ran. A reset link, a token, a password, an email address or a mail body
passed as an argument would sit there for anyone who can read that row: a curator once could
read a superuser's reset link there and take over the account. So every task takes ids and
short codes only, and looks the rest up (or builds the link) when it runs, as Django's own
password reset builds its token from the user's state instead of storing it.

The rule is enforced here, at the one place every `enqueue()` goes through, for every task of
every app: a task called with anything else fails at once, in the request that enqueues it.
"""

import re

from django.tasks.backends.immediate import ImmediateBackend as DjangoImmediateBackend
from django.tasks.exceptions import InvalidTask
from django_tasks_db.backend import DatabaseBackend as DjangoTasksDatabaseBackend

# Lower-case codes: a language ("id"), a province ("17"), a programme ("technical-intern"), a
# kind of report. No "/", ":" or "@" (links, addresses), no spaces (text), no capitals (base64
# of a user id), and short enough that no Django token (39 characters) passes.
CODE = re.compile(r"[a-z0-9_-]{0,32}")


class UnsafeTaskArgument(InvalidTask):
    """A task was given something other than an id or a short code."""


def check_arguments(task, args, kwargs):
    """Raise UnsafeTaskArgument unless every argument is an id, a short code, a flag or None."""
    for position, value in [*enumerate(args), *kwargs.items()]:
        if value is None or isinstance(value, bool | int):
            continue
        if isinstance(value, str) and CODE.fullmatch(value):
            continue
        raise UnsafeTaskArgument(
            f"Task {task.module_path} was given {type(value).__name__} argument {position!r} "
            "that is not an id or a short code. Tasks take ids and look the rest up when they "
            "run: never a link, token, password, address or mail body (portal/task_backends.py)."
        )


class IdArgumentsMixin:
    def enqueue(self, task, args, kwargs):
        check_arguments(task, args, kwargs)
        return super().enqueue(task, args, kwargs)

    async def aenqueue(self, task, args, kwargs):
        check_arguments(task, args, kwargs)
        return await super().aenqueue(task, args, kwargs)


class DatabaseBackend(IdArgumentsMixin, DjangoTasksDatabaseBackend):
    """django-tasks-db's backend: each task a row that `manage.py db_worker` runs."""


class ImmediateBackend(IdArgumentsMixin, DjangoImmediateBackend):
    """Django's backend that runs each task at once, in the request (the tests)."""

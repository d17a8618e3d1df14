"""Background work of the trainees app, through Django's tasks framework (see portal/tasks.py)."""

from django.tasks import task

from trainees import uploads


@task
def purge_stale_uploads():
    """Delete the rosters left unconfirmed for longer than uploads.IMPORT_TTL_SECONDS; return
    how many were deleted."""
    return uploads.purge_stale(older_than=uploads.IMPORT_TTL_SECONDS)

"""Background work of the trainees app, through Django's tasks framework (see portal/tasks.py)."""

from django.tasks import task

from trainees import audit, uploads


@task
def purge_stale_uploads():
    """Delete the rosters left unconfirmed for longer than uploads.IMPORT_TTL_SECONDS; return
    how many were deleted."""
    return uploads.purge_stale(older_than=uploads.IMPORT_TTL_SECONDS)


@task
def purge_access_log():
    """Delete the entries of the access log of trainees' data older than a year (the database
    refuses younger ones); return how many were deleted."""
    return audit.purge()

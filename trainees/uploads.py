"""Rosters waiting for their confirmation, in MEDIA_ROOT/imports/ under a random name.

A checked roster holds trainees' personal data and is kept only until its uploader confirms
it, and at most IMPORT_TTL_SECONDS: `purge_stale()` deletes older files. A scheduled job runs
it (the purge_uploads command, or the purge_stale_uploads task; see docs/operations.md), so a
file goes even when nobody uploads again.
"""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

# How long a checked roster waits for its confirmation.
IMPORT_TTL_SECONDS = 24 * 60 * 60
# What secrets.token_urlsafe(16) gives: the only names read or deleted here, so that a token
# sent back by a browser can never name another file.
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


def directory():
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(token):
    """The file of `token`, or None when it is not a token of ours."""
    if isinstance(token, str) and TOKEN.fullmatch(token):
        return directory() / token
    return None


def save(data):
    """Keep `data` (bytes) and return the token that reads it back."""
    token = secrets.token_urlsafe(16)
    _path(token).write_bytes(data)
    return token


def read(token):
    """The bytes saved under `token`, or None: never saved, already purged, or due for purging
    (the scheduled job may not have run yet; the limit holds all the same)."""
    path = _path(token)
    try:
        if path is None or path.stat().st_mtime < time.time() - IMPORT_TTL_SECONDS:
            delete(token)
            return None
        return path.read_bytes()
    except FileNotFoundError:
        return None


def delete(token):
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def purge_stale(*, older_than):
    """Delete the waiting rosters last written more than `older_than` seconds ago; return how
    many were deleted."""
    cutoff = time.time() - older_than
    removed = 0
    for path in directory().iterdir():
        try:
            stale = path.is_file() and path.stat().st_mtime < cutoff
        except FileNotFoundError:  # confirmed, and so deleted, meanwhile
            continue
        if stale:
            path.unlink(missing_ok=True)
            removed += 1
    return removed

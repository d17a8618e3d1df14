"""The dashboards' PDF reports: made by the task worker, stored, and served from storage.

A PDF costs two to three seconds of CPU at national scale (WeasyPrint's layout), and it is
public: eight asked at once used to slow an ordinary page to half a minute. So no request makes
one. A request names the report it wants (a ReportSpec: the place, the filter, the language and
whether its counts are exact for this user) and gets, without waiting:

- the stored PDF of that spec made from the current data version (portal 0012: a sequence that
  every write to what the dashboards read advances) on the same day, if there is one;
- else a PDF of that spec made less than STALE_SECONDS ago from an earlier version (it says
  when it was made), while a fresh one is queued;
- else a page saying the report is being prepared, which refreshes itself, while the task
  `dashboards.tasks.make_report_pdf` makes it; at most QUEUE_LIMIT of them wait at a time.

Stored files are named by a hash of the spec and the date and version, under reports/<date>/:
never served from a public URL, only by the report view to a request that asks for the same
spec, so that the exact counts of a curator's report never reach anyone else.
"""

import dataclasses
import datetime
import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django_tasks_db.models import DBTaskResult

from dashboards import reports, selectors
from partnerships.models import Programme
from portal.models import Province

logger = logging.getLogger(__name__)

DIRECTORY = "reports"
# A report made from an earlier data version is still served for this long (the data moves on
# all day: every stage a school records advances the version).
STALE_SECONDS = 15 * 60
# PDF tasks waiting at most; beyond, a request is asked to come back (503 with Retry-After).
QUEUE_LIMIT = 20
TASK_PATH = "dashboards.tasks.make_report_pdf"


def data_version():
    """The current data version: how many writes the tables of the dashboards have seen."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value, is_called FROM portal_data_version")
        value, called = cursor.fetchone()
    return value if called else 0


@dataclasses.dataclass(frozen=True)
class ReportSpec:
    """Which PDF: the province (None: the country), the filter, the language, and whether its
    counts of people are exact (for curators, or an official of the province)."""

    province_code: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    programme_code: str | None = None
    language: str = settings.LANGUAGE_CODE
    exact: bool = False

    @classmethod
    def from_board(cls, board, *, language):
        return cls(
            province_code=board.province.code if board.province else None,
            year_from=board.filters.year_from,
            year_to=board.filters.year_to,
            programme_code=board.filters.programme.code if board.filters.programme else None,
            language=language,
            exact=board.exact,
        )

    def task_arguments(self):
        """Ids and codes only, as every task takes (portal/task_backends.py)."""
        return [
            self.province_code,
            self.year_from,
            self.year_to,
            self.programme_code,
            self.language,
            self.exact,
        ]

    def name(self, day):
        text = repr((*self.task_arguments(), day.isoformat()))
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def path(self, day, version):
        return f"{DIRECTORY}/{day.isoformat()}/{self.name(day)}-{version}.pdf"

    def path_pattern(self, day):
        """The paths of this spec's reports of `day`, whatever their data version."""
        return re.escape(f"{DIRECTORY}/{day.isoformat()}/{self.name(day)}-") + r"[0-9]+\.pdf"

    def filters(self):
        programme = None
        if self.programme_code:
            programme = Programme.objects.filter(code=self.programme_code).first()
        return selectors.Filters(
            year_from=self.year_from, year_to=self.year_to, programme=programme
        )

    def page_url(self):
        """The dashboard page the report is of, printed on it."""
        with translation.override(self.language):
            path = (
                reverse("dashboards:province", args=[self.province_code])
                if self.province_code
                else reverse("dashboards:national")
            )
        query = {
            key: value
            for key, value in (
                ("year_from", self.year_from),
                ("year_to", self.year_to),
                ("programme", self.programme_code),
            )
            if value
        }
        return settings.PORTAL_BASE_URL + path + (f"?{urlencode(query)}" if query else "")


def _pointer(spec, day):
    return f"stored-report:{spec.name(day)}"


def stored(spec, *, version, now=None):
    """(path, fresh) of the stored PDF to serve for `spec`, or None: fresh is False when it was
    made from an earlier version, less than STALE_SECONDS ago."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    path = spec.path(day, version)
    if default_storage.exists(path):
        return path, True
    latest = cache.get(_pointer(spec, day))
    recent = latest and now.timestamp() - latest["made"] < STALE_SECONDS
    # The pointer comes from the shared cache: only ever a report of this very spec and day,
    # whatever the cache holds (never another file of the storage, an uploaded roster say).
    own = recent and re.fullmatch(spec.path_pattern(day), latest["path"])
    if own and default_storage.exists(latest["path"]):
        return latest["path"], False
    return None


def waiting(spec=None):
    """How many report tasks wait (or run); with `spec`, whether one for it does."""
    rows = DBTaskResult.objects.filter(
        task_path=TASK_PATH, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    if spec is not None:
        return rows.filter(args_kwargs={"args": spec.task_arguments(), "kwargs": {}}).exists()
    return rows.count()


def failed_recently(spec, *, minutes=10):
    """Whether the worker failed to make this report lately (WeasyPrint without Pango, say):
    the request then says so instead of waiting for it."""
    return DBTaskResult.objects.filter(
        task_path=TASK_PATH,
        status=TaskResultStatus.FAILED,
        args_kwargs={"args": spec.task_arguments(), "kwargs": {}},
        finished_at__gte=timezone.now() - datetime.timedelta(minutes=minutes),
    ).exists()


READY, PREPARING, BUSY, FAILED = "ready", "preparing", "busy", "failed"


@dataclasses.dataclass(frozen=True)
class Answer:
    """What a request for a report gets: a stored file to serve (`path`), or a state."""

    state: str
    path: str | None = None


def ask(spec):
    """Answer a request for the PDF of `spec` at once, queuing it for the worker when no
    current one is stored (and none is queued already)."""
    from dashboards.tasks import make_report_pdf  # which imports this module

    version = data_version()
    found = stored(spec, version=version)
    if found and found[1]:
        return Answer(READY, found[0])
    if not waiting(spec):
        if found is None and failed_recently(spec):
            return Answer(FAILED)
        if waiting() >= QUEUE_LIMIT:
            return Answer(READY, found[0]) if found else Answer(BUSY)
        result = make_report_pdf.enqueue(*spec.task_arguments())
        if result.status == TaskResultStatus.FAILED:  # run at once (the tests) and failed
            return Answer(FAILED)
        found = stored(spec, version=version) or found
    return Answer(READY, found[0]) if found else Answer(PREPARING)


def forget_all():
    """Delete every stored report and the pointers to them: the next request of each report
    waits for a new one (after a change of the report's layout, or between benchmarks)."""
    cache.clear()
    _delete_old_days(timezone.localdate(), keep_days=0)


def make(spec):
    """Make and store the PDF of `spec` from the data as it is now (the task's work). Returns
    its path. Reports of days before yesterday are deleted on the way."""
    now = timezone.now()
    day = timezone.localdate(now)
    version = data_version()  # before reading: a write meanwhile makes the next one newer
    path = spec.path(day, version)
    if default_storage.exists(path):
        return path
    with translation.override(spec.language):
        province = Province.objects.get(code=spec.province_code) if spec.province_code else None
        board = selectors.dashboard(
            province=province, filters=spec.filters(), exact=spec.exact, today=day
        )
        map_svg = None
        if province is None:
            cells = selectors.province_map(
                measure=selectors.DEFAULT_MAP_MEASURE, filters=board.filters, exact=board.exact
            )
            map_svg = reports.map_chart(cells, measure=selectors.DEFAULT_MAP_MEASURE)
        active = selectors.agreements_in(province, board.filters).active(board.today)
        document = reports.pdf(
            board,
            page_url=spec.page_url(),
            active_agreements=active.for_list().order_by("expires_on", "pk")[
                : reports.PDF_AGREEMENTS
            ],
            agreement_count=active.count(),
            map_svg=map_svg,
        )
    saved = default_storage.save(path, ContentFile(document))
    if saved != path:  # another worker stored the same report meanwhile
        default_storage.delete(saved)
    cache.set(_pointer(spec, day), {"path": path, "made": now.timestamp()}, 2 * STALE_SECONDS)
    _delete_old_days(day)
    return path


def _delete_old_days(today, *, keep_days=2):
    """Delete the reports of days before yesterday (a report names its day); with
    keep_days=0, every stored report."""
    try:
        days, _files = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return
    keep = {(today - datetime.timedelta(days=n)).isoformat() for n in range(keep_days)}
    for name in days:
        if name in keep:
            continue
        folder = f"{DIRECTORY}/{name}"
        for file in default_storage.listdir(folder)[1]:
            default_storage.delete(f"{folder}/{file}")
        default_storage.delete(folder)

"""The dashboards' background work: their PDF reports, made by the task worker
(dashboards/stored_reports.py). Arguments are ids and codes only (portal/task_backends.py)."""

from django.tasks import task

from dashboards import stored_reports


@task
def make_report_pdf(province_code, year_from, year_to, programme_code, language, exact):
    """Make and store a dashboard's PDF report (dashboards.stored_reports): a province's (None: the
    country's), narrowed by years and a programme code, in a language, its counts of people
    exact or protected. Returns the size of the file made, in bytes."""
    spec = stored_reports.ReportSpec(
        province_code=province_code,
        year_from=year_from,
        year_to=year_to,
        programme_code=programme_code,
        language=language,
        exact=exact,
    )
    return stored_reports.default_storage.size(stored_reports.make(spec))

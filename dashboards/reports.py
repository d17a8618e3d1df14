"""A dashboard as tables, charts and downloads: the page, the CSV/Excel report and the PDF are
all made from the same `tables()`, so that the three never say different things."""

import dataclasses

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboards import charts
from dashboards.selectors import MAP_MEASURES
from partnerships.templatetags.partnerships import figure_value
from portal import disclosure
from portal.disclosure import Number
from portal.exports import export_response

# The PDF lists at most this many agreements in force; the CSV/Excel export of the agreement
# list (linked from the PDF) has them all.
PDF_AGREEMENTS = 150


class PdfUnavailable(Exception):
    """WeasyPrint cannot load the system libraries it draws with."""


@dataclasses.dataclass(frozen=True)
class Link:
    text: str
    url: str

    def __str__(self):
        return self.text


@dataclasses.dataclass
class Table:
    """One figure of a dashboard: its rows, and its chart when a picture helps."""

    key: str
    title: str
    headers: list
    rows: list  # lists of cells: str, int, Number or Link
    chart: SafeString | None = None
    note: str = ""

    @property
    def columns(self):
        """(header, numeric): a column of numbers is aligned right, header included."""
        return [
            (
                header,
                bool(self.rows)
                and all(isinstance(row[i], int | Number) for row in self.rows if i < len(row)),
            )
            for i, header in enumerate(self.headers)
        ]


def _bars(key, title, header, items, *, suffix, note=""):
    """A figure of (label, Number) items, drawn as horizontal bars."""
    return Table(
        key,
        title,
        [header, _("Count")],
        [[label, n] for label, n in items],
        charts.bar_chart(
            id_prefix=f"{key}-{suffix}",
            title=title,
            rows=[(str(label), n.value, n.display) for label, n in items],
        )
        if items
        else None,
        note,
    )


def _columns(key, title, rows, series, *, suffix):
    """A figure of (year, Number, ...) rows, drawn as columns per year, one series per Number
    (`series` names them)."""
    return Table(
        key,
        title,
        [_("Year"), *series],
        [list(row) for row in rows],
        charts.column_chart(
            id_prefix=f"{key}-{suffix}",
            title=title,
            categories=[str(row[0]) for row in rows],
            series=[
                (name, [row[i].value for row in rows], [row[i].display for row in rows])
                for i, name in enumerate(series, start=1)
            ],
        ),
    )


def _top(key, title, counted, partners, note=""):
    """A figure of the top partners: (slug, name, kind, Number) rows, linked to their pages."""
    return Table(
        key,
        title,
        [_("Organisation"), _("Kind"), counted],
        [
            [Link(name, reverse("partnerships:organisation-detail", args=[slug])), kind, n]
            for slug, name, kind, n in partners
        ],
        note=note,
    )


def _labelled(rows):
    return [(label, n) for _code, label, n, *_rest in rows]


def tables(board):
    """Every figure of `board` (a selectors.Dashboard) as a Table, in the page's order."""
    suffix = board.province.code if board.province else "id"
    outcomes = _bars(
        "outcomes",
        _("Outcomes of domestic programmes"),
        _("Outcome"),
        _labelled(board.outcomes),
        suffix=suffix,
        note=_("Shares are of the trainees whose outcome is known."),
    )
    outcomes.headers.append(_("Share"))
    for row, (*_rest, share) in zip(outcomes.rows, board.outcomes, strict=True):
        row.append(share or "")
    return [
        _bars(
            "agreement-status",
            _("Agreements by status today"),
            _("Status"),
            _labelled(board.agreement_statuses),
            suffix=suffix,
        ),
        _columns(
            "agreements-per-year",
            _("Agreements signed per year"),
            board.agreements_per_year,
            [_("Agreements signed")],
            suffix=suffix,
        ),
        _bars(
            "agreements-by-programme",
            _("Agreements by programme"),
            _("Programme"),
            _labelled(board.agreements_by_programme),
            suffix=suffix,
            note=_("An agreement may serve several programmes."),
        ),
        _bars(
            "agreements-by-partner-kind",
            _("Agreements by kind of partner"),
            _("Kind of partner"),
            _labelled(board.agreements_by_partner_kind),
            suffix=suffix,
            note=_("An agreement counts once for each kind of organisation among its parties."),
        ),
        _top(
            "top-partners-agreements",
            _("Top partners by agreements"),
            _("Agreements"),
            board.top_partners_by_agreements,
        ),
        _columns(
            "cohorts-per-year",
            _("Cohorts per intake year"),
            board.cohorts_per_year,
            [_("Cohorts")],
            suffix=suffix,
        ),
        _bars(
            "trainees-by-stage",
            _("Trainees by stage today"),
            _("Stage"),
            _labelled(board.trainees_by_stage),
            suffix=suffix,
        ),
        _columns(
            "departures-returns",
            _("Departures to Japan and returns per year"),
            board.movements_per_year,
            [_("Departures"), _("Returns")],
            suffix=suffix,
        ),
        outcomes,
        _top(
            "top-partners-trainees",
            _("Top partners by trainees"),
            _("Trainees"),
            board.top_partners_by_trainees,
            note=_("Trainees of the cohorts each organisation is a partner of."),
        ),
        _bars(
            "organisations-by-kind",
            _("Organisations by kind"),
            _("Kind"),
            _labelled(board.organisations_by_kind),
            suffix=suffix,
        ),
        Table(
            "reported-recorded",
            _("Reported and recorded figures"),
            [
                _("Organisation"),
                _("Reported figure"),
                _("Reported"),
                _("As of"),
                _("Source"),
                _("Recorded in the portal"),
            ],
            [
                [
                    Link(r.figure.organisation.name, r.figure.organisation.get_absolute_url()),
                    r.figure.get_metric_display(),
                    _reported_value(r.figure),
                    formats.date_format(r.figure.as_of, "SHORT_DATE_FORMAT"),
                    Link(r.figure.source.title, r.figure.source.url)
                    if r.figure.source.url
                    else r.figure.source.title,
                    r.recorded if r.recorded is not None else _("not recorded"),
                ]
                for r in board.reported
            ],
            note=_(
                "Reported figures come from officials' statements and the press; recorded "
                "figures are what the portal counts today for the same organisation, its "
                "cohorts and the cohorts it partners."
            ),
        ),
    ]


def _reported_value(figure):
    return figure_value(figure)  # one phrase with its unit: "52.440 orang", "52,440人", "54%"


def summary(board):
    """The headline numbers, as (label, Number or int)."""
    statuses = {code: n for code, _label, n in board.agreement_statuses}
    return [
        (_("Agreements"), board.agreement_total),
        (_("In force"), statuses["active"].value + statuses["expiring"].value),
        (_("Expiring within 90 days"), statuses["expiring"]),
        (_("Cohorts"), board.cohort_total),
        (_("Trainees"), board.trainee_total),
        (_("In Japan now"), board.in_japan),
        (_("Placed in industry (domestic programmes)"), board.placement_rate or "–"),
        (_("Organisations"), board.organisation_total),
    ]


def map_chart(cells, *, measure):
    label = MAP_MEASURES[measure][0]
    return charts.tile_map(
        id_prefix="province-map",
        title=_("Provinces by %(measure)s") % {"measure": label},
        cells=[
            {
                "code": province.code,
                "name": province.name,
                "value": number.value,
                "display": number.display,
                "url": province.get_absolute_url(),
            }
            for province, number in cells
        ],
        measure_label=str(label),
        legend_title=str(label),
    )


def describe_filters(board):
    """The filter a report was made with, in words: printed on the PDF and in the exports."""
    f = board.filters
    place = board.province.name if board.province else _("Indonesia")
    if f.year_from and f.year_to:
        years = _("%(start)s to %(end)s") % {"start": f.year_from, "end": f.year_to}
    elif f.year_from:
        years = _("from %(start)s") % {"start": f.year_from}
    elif f.year_to:
        years = _("until %(end)s") % {"end": f.year_to}
    else:
        years = _("all years")
    programme = str(f.programme) if f.programme else _("all programmes")
    return _("%(place)s; years: %(years)s; programme: %(programme)s") % {
        "place": place,
        "years": years,
        "programme": programme,
    }


def _cell(value):
    if isinstance(value, Number):
        return value.value if value.value is not None else value.display
    return str(value) if isinstance(value, Link) else value


def export(board, *, fmt, basename):
    """The dashboard as one long CSV or Excel table: each figure's header row, then its rows,
    under the figure's title; its note in the last column."""
    made = timezone.localtime()
    figures = tables(board)
    width = max(len(table.headers) for table in figures)  # value columns

    def line(first, cells, note=""):
        return [first, *cells, *[""] * (width - len(cells)), note]

    def rows():
        yield line(_("Report"), [describe_filters(board)])
        yield line(_("Made on"), [formats.date_format(made, "DATETIME_FORMAT")])
        for label, number in summary(board):
            yield line(_("Summary"), [label, _cell(number)])
        for table in figures:
            yield line(table.title, table.headers)
            for row in table.rows:
                yield line(table.title, [_cell(cell) for cell in row], table.note)
        yield line(_("Note"), [protection_note(board)])

    headers = [
        _("Figure"),
        _("Item"),
        _("Value"),
        *(_("Value %(n)s") % {"n": n} for n in range(2, width)),
        _("Note"),
    ]
    return export_response(basename=basename, headers=headers, rows=rows(), fmt=fmt)


def protection_note(board):
    """How the counts of people of `board` are shown: protected, or exact for those allowed."""
    return disclosure.note(exact=board.exact)


def pdf(board, *, page_url, active_agreements, agreement_count, map_svg=None):
    """The printable report (WeasyPrint): totals, charts, the map, the agreements in force with
    their signatories and dates, dated and with the filter it was made with."""
    try:  # imported here: it loads Pango, which the pages do not need
        from weasyprint import HTML
    except OSError as error:  # the system's Pango is missing (docs/deploy.md)
        raise PdfUnavailable(str(error)) from error

    html = render_to_string(
        "dashboards/report_pdf.html",
        {
            "board": board,
            "tables": tables(board),
            "summary": summary(board),
            "filters_text": describe_filters(board),
            "made_on": timezone.localtime(),
            "map_svg": map_svg,
            "agreements": active_agreements,
            "agreement_count": agreement_count,
            "agreement_limit": PDF_AGREEMENTS,
            "protection_note": protection_note(board),
            "page_url": page_url,
        },
    )
    # Everything the PDF shows is in the HTML (styles, charts, map): it fetches nothing, so that
    # no name in the data can make the server request a URL.
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def _refuse_fetch(url, *args, **kwargs):
    raise ValueError(f"The PDF report fetches nothing (asked for {url[:80]!r}).")

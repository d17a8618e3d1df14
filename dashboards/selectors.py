"""The figures of the officials' dashboards, national and per province, read in the database.

Every figure is one aggregate query (GROUP BY in PostgreSQL), never a loop over rows: the
number of queries is fixed whatever the data (about 15 for a dashboard, asserted in the tests)
and the rows never travel to Python, only their totals.

A year range and a programme narrow the whole page. Dated events count in the year they
happened (an agreement in the year it was signed, a departure in the year of departure); states
(a trainee's stage today, an outcome) count for the cohorts whose intake year lies in the range.

Counts of people are about trainees, many of them minors: each is read with the sum of its
records' keys (a Cell) and shown through portal.disclosure, exact to those who may see it so,
else protected by the cell-key method: the same count reads the same on every page, filter,
format and total, and no hidden count can be worked out by subtracting others. Agreements,
organisations and cohorts are not people and are always exact.
"""

import dataclasses
import datetime
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy

from partnerships.models import Agreement, AgreementParty, Figure, Organisation, Programme
from portal.disclosure import EMPTY, Cell, Number, cell, people, share, show
from portal.models import Province
from trainees.models import Cohort, Stage, Trainee

# The first year a figure may be about (IM Japan's programme began in 1993, seed 004).
FIRST_YEAR = 1990
TOP = 10  # partners in each "top" list
EXPIRING_ON_PAGE = 10


@dataclasses.dataclass(frozen=True)
class Filters:
    """What narrows a dashboard: a year range (inclusive) and a programme, all optional."""

    year_from: int | None = None
    year_to: int | None = None
    programme: Programme | None = None

    def year_q(self, field):
        """The condition `field`'s year lies in the range, as a date range the index can use."""
        q = Q()
        if self.year_from:
            q &= Q(**{f"{field}__gte": datetime.date(self.year_from, 1, 1)})
        if self.year_to:
            q &= Q(**{f"{field}__lte": datetime.date(self.year_to, 12, 31)})
        return q

    def intake_q(self, prefix=""):
        q = Q()
        if self.year_from:
            q &= Q(**{f"{prefix}intake_year__gte": self.year_from})
        if self.year_to:
            q &= Q(**{f"{prefix}intake_year__lte": self.year_to})
        return q

    def contains(self, year):
        return (
            bool(year)
            and (not self.year_from or year >= self.year_from)
            and (not self.year_to or year <= self.year_to)
        )

    @property
    def is_narrowed(self):
        return bool(self.year_from or self.year_to or self.programme)


def year_span(years, filters, *, today):
    """The years an axis shows: the range asked for, else the years with data up to today."""
    first = filters.year_from or (min(years) if years else today.year)
    last = filters.year_to or max([today.year, *years])
    if last - first > 60:  # a typo such as 1099 must not draw a thousand columns
        first = last - 60
    return list(range(first, last + 1))


@dataclasses.dataclass
class Dashboard:
    """Every figure of one dashboard. Built by `dashboard()`; read by the page, the reports and
    the PDF alike, so that the three never disagree."""

    province: Province | None
    filters: Filters
    exact: bool  # counts of people as they are (curators; an official on their province)
    today: datetime.date
    agreement_total: int = 0
    agreements_per_year: list = dataclasses.field(default_factory=list)  # (year, Number)
    agreement_statuses: list = dataclasses.field(default_factory=list)  # (code, label, Number)
    agreements_by_programme: list = dataclasses.field(default_factory=list)
    agreements_by_partner_kind: list = dataclasses.field(default_factory=list)
    top_partners_by_agreements: list = dataclasses.field(default_factory=list)
    top_partners_by_trainees: list = dataclasses.field(default_factory=list)
    expiring: list = dataclasses.field(default_factory=list)
    cohort_total: int = 0
    cohorts_per_year: list = dataclasses.field(default_factory=list)
    trainee_total: Number | None = None
    trainees_by_stage: list = dataclasses.field(default_factory=list)  # (code, label, Number)
    movements_per_year: list = dataclasses.field(default_factory=list)  # (year, dep, ret)
    in_japan: Number | None = None
    outcomes: list = dataclasses.field(default_factory=list)  # (code, label, Number, rate)
    outcome_total: Number | None = None
    placement_rate: Number | None = None
    organisations_by_kind: list = dataclasses.field(default_factory=list)
    organisation_total: int = 0
    reported: list = dataclasses.field(default_factory=list)  # ReportedFigure

    @property
    def protected(self):
        """Whether its counts of people are protected (portal.disclosure) rather than exact."""
        return not self.exact


@dataclasses.dataclass
class ReportedFigure:
    figure: Figure
    recorded: Number | None  # what the portal counts for the same thing, if it can
    recorded_note: str = ""


def agreements_in(province, filters):
    agreements = Agreement.objects.all()
    if province is not None:
        agreements = agreements.for_province(province)
    if filters.programme is not None:
        agreements = agreements.filter(
            Exists(
                Agreement.programmes.through.objects.filter(
                    agreement=OuterRef("pk"), programme=filters.programme
                )
            )
        )
    if filters.year_from or filters.year_to:
        agreements = agreements.filter(filters.year_q("signed_on"))
    return agreements


def cohorts_in(province, filters, *, by_intake=True):
    cohorts = Cohort.objects.all()
    if province is not None:
        cohorts = cohorts.filter(institution__province=province)
    if filters.programme is not None:
        cohorts = cohorts.filter(programme=filters.programme)
    if by_intake:
        cohorts = cohorts.filter(filters.intake_q())
    return cohorts


def dashboard(*, province=None, filters=Filters(), exact=False, today=None):
    """All the figures of the national dashboard (`province` None) or of one province's."""
    today = today or timezone.localdate()
    board = Dashboard(province=province, filters=filters, exact=exact, today=today)
    agreements = agreements_in(province, filters)
    _agreement_figures(board, agreements, scoped=province is not None or filters.is_narrowed)
    _cohort_and_trainee_figures(board, province, filters)
    organisations = Organisation.objects.all()
    if province is not None:
        organisations = organisations.filter(province=province)
    totals = organisations.aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in Organisation.Kind.values}
    )
    board.organisations_by_kind = [
        (kind, label, show(totals[kind])) for kind, label in Organisation.Kind.choices
    ]
    board.organisation_total = sum(totals.values())
    _reported_figures(board, province)
    return board


def _agreement_figures(board, agreements, *, scoped):
    """`scoped`: the agreements are narrowed (else every one: no `IN (every agreement)` for
    PostgreSQL to work through)."""
    today = board.today
    S = Agreement.Status
    statuses = [S.ACTIVE, S.EXPIRING, S.EXPIRED, S.UPCOMING, S.TERMINATED, S.DRAFT]
    # Statuses and years in one grouped query: (year signed, status today) -> count.
    groups = (
        agreements.with_status(today)
        .annotate(year=ExtractYear("signed_on"))
        .values_list("year", "status_code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_status, per_year = Counter(), Counter()
    for year, status, n in groups:
        by_status[status] += n
        if year:
            per_year[year] += n
    board.agreement_total = sum(by_status.values())
    board.agreement_statuses = [(s, S(s).label, show(by_status[s])) for s in statuses]
    board.agreements_per_year = [
        (year, show(per_year[year]))
        for year in year_span(list(per_year), board.filters, today=today)
    ]

    programmes = (
        Programme.objects.annotate(
            n=Count("agreements", filter=Q(agreements__in=agreements.values("pk")))
            if scoped
            else Count("agreements")
        )
        .filter(n__gt=0)
        .order_by("position", "name")
    )
    board.agreements_by_programme = [
        (programme.code, str(programme), show(programme.n)) for programme in programmes
    ]

    parties = AgreementParty.objects.all()
    if scoped:
        parties = parties.filter(agreement__in=agreements.values("pk"))
    by_kind = dict(
        parties.values_list("organisation__kind")
        .annotate(n=Count("agreement", distinct=True))
        .order_by()
    )
    board.agreements_by_partner_kind = [
        (kind, label, show(by_kind.get(kind, 0))) for kind, label in Organisation.Kind.choices
    ]
    top = (
        parties.values("organisation__slug", "organisation__name", "organisation__kind")
        .annotate(n=Count("agreement"))  # a party once per agreement (its constraint)
        .order_by("-n", "organisation__name")[:TOP]
    )
    kinds = dict(Organisation.Kind.choices)
    board.top_partners_by_agreements = [
        (
            row["organisation__slug"],
            row["organisation__name"],
            kinds.get(row["organisation__kind"], ""),
            show(row["n"]),
        )
        for row in top
    ]
    # The page shows each one's title and its flag: no parties, no prefetch.
    board.expiring = list(
        agreements.expiring(today=today)
        .only("pk", "title", "number", "expires_on")
        .order_by("expires_on", "pk")[:EXPIRING_ON_PAGE]
    )


def _grouped(queryset):
    """The rows of a GROUP BY over every trainee of the country. PostgreSQL cannot estimate
    the groups of its year expressions (342 of them; it expects 300,000) and sorts the rows
    instead of hashing them: with the default work_mem of 4 MB the sort went to disk (380 ms at
    national scale), with 64 MB for this statement alone it stays in memory (140 ms)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64MB'")
        return list(queryset)


def _cohort_and_trainee_figures(board, province, filters):
    exact = board.exact
    cohorts = cohorts_in(province, filters)
    per_year = dict(
        cohorts.values_list("intake_year").annotate(n=Count("pk")).order_by("intake_year")
    )
    board.cohort_total = sum(per_year.values())
    board.cohorts_per_year = [
        (year, show(per_year.get(year, 0)))
        for year in year_span(list(per_year), filters, today=board.today)
    ]

    # One pass over the trainees of the scope: their stage, outcome and programme for those of
    # the cohorts in the range, their departure and return years for every movement in it.
    trainees = Trainee.objects.all()
    if province is not None or filters.programme is not None:
        in_scope = cohorts_in(province, filters, by_intake=False)
        trainees = trainees.filter(cohort__in=in_scope.values("pk"))
    in_range = filters.intake_q("cohort__")
    if filters.year_from or filters.year_to:
        trainees = trainees.filter(
            in_range | filters.year_q("departed_on") | filters.year_q("returned_on")
        )
    rows = _grouped(
        trainees.annotate(
            departed=ExtractYear("departed_on"),
            returned=ExtractYear("returned_on"),
        )
        .values(
            "stage",
            "outcome",
            "cohort__programme__is_domestic",
            "cohort__intake_year",
            "departed",
            "returned",
        )
        .annotate(n=Count("pk"), keys=Sum("record_key"))
        .order_by()
    )
    # Cells: each count of trainees with the sum of their record keys (portal.disclosure).
    by_stage, outcomes = defaultdict(Cell), defaultdict(Cell)
    departures, returns = defaultdict(Cell), defaultdict(Cell)
    for row in rows:
        group = cell(row["n"], row["keys"])
        if filters.contains(row["cohort__intake_year"]):
            by_stage[row["stage"]] += group
            if row["cohort__programme__is_domestic"]:
                outcomes[row["outcome"]] += group
        for cells, moved in ((departures, row["departed"]), (returns, row["returned"])):
            if filters.contains(moved):
                cells[moved] += group

    # The total is a cell of its own (all the trainees of the range), not a sum of shown parts.
    board.trainee_total = people(sum(by_stage.values(), EMPTY), exact=exact)
    board.trainees_by_stage = [
        (s, Stage(s).label, people(by_stage[s], exact=exact)) for s in Stage.values
    ]
    board.in_japan = people(by_stage[Stage.IN_JAPAN], exact=exact)  # the stage's own cell

    years = year_span(sorted(set(departures) | set(returns)), filters, today=board.today)
    board.movements_per_year = [
        (year, people(departures[year], exact=exact), people(returns[year], exact=exact))
        for year in years
    ]

    known = [code for code in Trainee.Outcome.values if code]
    with_outcome = sum((outcomes[code] for code in known), EMPTY)
    board.outcomes = [
        (
            code,
            label,
            people(outcomes[code], exact=exact),
            share(outcomes[code], with_outcome, exact=exact),
        )
        for code, label in Trainee.Outcome.choices
        if code
    ]
    board.outcome_total = people(with_outcome, exact=exact)
    board.placement_rate = share(outcomes["placed"], with_outcome, exact=exact)

    kinds = dict(Organisation.Kind.choices)
    partners = [
        (slug, name, kinds.get(kind, ""), people(partner_cell, exact=exact))
        for slug, name, kind, partner_cell in _top_partners_by_trainees(
            cohorts if province is not None or filters.is_narrowed else None
        )
    ]
    # Ranked by what is shown: a protected count never reads out of order.
    board.top_partners_by_trainees = sorted(
        partners, key=lambda row: (-(row[3].value or 0), row[1])
    )


def _top_partners_by_trainees(cohorts):
    """(slug, name, kind, Cell of trainees) of the organisations whose cohorts as partner hold
    the most trainees; `cohorts` narrows them (None: every cohort).

    The trainees are counted per cohort first (one hash aggregate over the trainees), then
    summed per partner: 20 ms at national scale, where the ORM's join of partners to trainees
    (115 ms) or a count per partnership (44 ms when the table is freshly vacuumed, 280 ms when
    not) cost more. Raw SQL, as the ORM cannot aggregate over a grouped subquery."""
    partners = Cohort.partners.through._meta.db_table
    trainees = Trainee._meta.db_table
    organisations = Organisation._meta.db_table
    where, params = "", ()
    if cohorts is not None:
        cohort_sql, params = cohorts.order_by().values("pk").query.sql_with_params()
        where = f"WHERE cohort_id IN ({cohort_sql})"
    sql = f"""
        SELECT o.slug, o.name, o.kind, SUM(sizes.n) AS n, SUM(sizes.keys) AS keys
        FROM {partners} cp
        JOIN (
            SELECT cohort_id, COUNT(*) AS n, SUM(record_key) AS keys
            FROM {trainees} {where} GROUP BY cohort_id
        ) sizes ON sizes.cohort_id = cp.cohort_id
        JOIN {organisations} o ON o.id = cp.organisation_id
        GROUP BY o.id, o.slug, o.name, o.kind
        ORDER BY n DESC, o.name
        LIMIT %s
    """  # table names from the models; every value a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, TOP])
        return [
            (slug, name, kind, cell(n, keys)) for slug, name, kind, n, keys in cursor.fetchall()
        ]


# What the portal counts for each kind of reported figure, when it can count it.
RECORDED = {
    Figure.Metric.PARTICIPANTS_SENT: "departed",
    Figure.Metric.PARTICIPANTS_IN_JAPAN: "in_japan",
    Figure.Metric.CANDIDATES_IN_TRAINING: "in_training",
    Figure.Metric.ALUMNI_PLACED: "placed",
    Figure.Metric.ALUMNI_PLACED_RATE: "placed_rate",
    Figure.Metric.AGREEMENTS_SIGNED: "agreements",
}
REPORTED_ON_PAGE = 20
TRAINING_STAGES = [Stage.REGISTERED, Stage.IN_TRAINING, Stage.SELECTION, Stage.NOT_PASSED]


def _reported_figures(board, province):
    """The figures officials reported (seed articles), each beside what the portal counts for
    the same organisation: its own cohorts and the cohorts it is a partner of."""
    figures = Figure.objects.with_related().order_by("-as_of", "metric", "pk")
    if province is not None:
        figures = figures.filter(organisation__province=province)
    figures = list(figures[:REPORTED_ON_PAGE])
    ids = {f.organisation_id for f in figures}
    if not ids:
        return
    # Each trainee once per organisation, as institution or partner (two grouped queries); each
    # count with the sum of its trainees' record keys.
    measures = {
        "departed": Q(departed_on__isnull=False),
        "in_japan": Q(stage=Stage.IN_JAPAN),
        "in_training": Q(stage__in=TRAINING_STAGES),
        "placed": Q(outcome=Trainee.Outcome.PLACED),
        "with_outcome": ~Q(outcome=""),
    }
    cells = defaultdict(lambda: defaultdict(Cell))
    for path in ("cohort__institution", "cohort__partners"):
        rows = (
            Trainee.objects.filter(**{f"{path}__in": ids})
            .values(path)
            .annotate(
                **{f"{name}_n": Count("pk", filter=q) for name, q in measures.items()},
                **{f"{name}_keys": Sum("record_key", filter=q) for name, q in measures.items()},
            )
            .order_by()
        )
        for row in rows:
            for name in measures:
                cells[row[path]][name] += cell(row[f"{name}_n"], row[f"{name}_keys"])
    agreements = dict(
        AgreementParty.objects.filter(organisation__in=ids, agreement__signed_on__isnull=False)
        .values_list("organisation")
        .annotate(n=Count("agreement", distinct=True))
        .order_by()
    )
    for figure in figures:
        kind = RECORDED.get(figure.metric)
        own = cells[figure.organisation_id]
        recorded = None
        if kind == "agreements":
            recorded = show(agreements.get(figure.organisation_id, 0))
        elif kind == "placed_rate":
            recorded = share(own["placed"], own["with_outcome"], exact=board.exact)
        elif kind:
            recorded = people(own[kind], exact=board.exact)
        board.reported.append(ReportedFigure(figure=figure, recorded=recorded))


# The measures the map can colour the provinces by, and whether each counts people.
MAP_MEASURES = {
    "agreements": (gettext_lazy("agreements"), False),
    "organisations": (gettext_lazy("organisations"), False),
    "cohorts": (gettext_lazy("cohorts"), False),
    "trainees": (gettext_lazy("trainees"), True),
    "in_japan": (gettext_lazy("trainees in Japan now"), True),
}
DEFAULT_MAP_MEASURE = "agreements"


def province_map(*, measure, filters=Filters(), exact=False):
    """Each province with the chosen measure, in two queries: [(province, Number)]."""
    provinces = list(Province.objects.order_by("code"))
    counts = _by_province(measure, filters)
    return [
        (province, _number(measure, counts.get(province.pk), exact=exact)) for province in provinces
    ]


# The headline figures of a province, as its dashboard counts them. Two are not map measures:
# "in_force", the agreements active or expiring today (the summary's "In force"), and
# "departed", the trainees who have left for Japan (what a reported "participants sent" is
# compared with: RECORDED).
PROVINCE_FIGURES = [
    "organisations",
    "agreements",
    "in_force",
    "cohorts",
    "trainees",
    "departed",
    "in_japan",
]
PEOPLE_MEASURES = {m for m, (_label, is_people) in MAP_MEASURES.items() if is_people} | {"departed"}


def province_figures(provinces, *, exact):
    """The headline figures of each of `provinces`, {province id: {figure: Number}}: one grouped
    query per figure, whatever the number of provinces, made as the map's (whose values are the
    province dashboards' own: the same records, so the same cells). `exact(province)` says
    whether its counts of people are shown exact (portal.disclosure)."""
    ids = [province.pk for province in provinces]
    counts = {
        measure: _by_province(measure, Filters(), province_ids=ids) for measure in PROVINCE_FIGURES
    }
    return {
        province.pk: {
            measure: _number(measure, rows.get(province.pk), exact=exact(province))
            for measure, rows in counts.items()
        }
        for province in provinces
    }


def _by_province(measure, filters, *, province_ids=None):
    """`measure` of each province (only those of `province_ids`, when given) in one grouped
    query: {province id: count}, or for counts of people {province id: Cell}."""
    if measure in ("agreements", "in_force"):
        agreements = agreements_in(None, filters)
        if measure == "in_force":
            agreements = agreements.active()
        path = "organisation__province"
        counts = (
            AgreementParty.objects.filter(agreement__in=agreements.values("pk"))
            .values_list(path)
            .annotate(n=Count("agreement", distinct=True))
        )
    elif measure == "organisations":
        path = "province"
        counts = Organisation.objects.values_list(path).annotate(n=Count("pk"))
    elif measure == "cohorts":
        path = "institution__province"
        counts = cohorts_in(None, filters).values_list(path).annotate(n=Count("pk"))
    else:
        path = "cohort__institution__province"
        trainees = Trainee.objects.filter(cohort__in=cohorts_in(None, filters).values("pk"))
        if measure == "in_japan":
            trainees = trainees.filter(stage=Stage.IN_JAPAN)
        elif measure == "departed":
            trainees = trainees.filter(departed_on__isnull=False)
        counts = trainees.values_list(path).annotate(n=Count("pk"), keys=Sum("record_key"))
    counts = counts.filter(**{f"{path}__isnull": False})
    if province_ids is not None:
        counts = counts.filter(**{f"{path}__in": province_ids})
    if measure not in PEOPLE_MEASURES:
        return dict(counts.order_by())
    # A province's trainees are the same cell as its dashboard's total (or in Japan now) for
    # the same filters: the map and the province page read the same value.
    return {province: cell(n, keys) for province, n, keys in counts.order_by()}


def _number(measure, value, *, exact):
    """A count, or a Cell of people, from _by_province as the dashboards show it."""
    if measure in PEOPLE_MEASURES:
        return people(value or EMPTY, exact=exact)
    return show(value or 0)

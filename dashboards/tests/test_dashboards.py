"""The officials' dashboards: every figure checked against totals computed by hand on a small
known data set, small counts hidden, the same query count whatever the rows, and the pages and
their filters as each kind of visitor sees them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards import selectors
from partnerships.models import Agreement, Figure
from portal import disclosure
from trainees.models import Trainee

TODAY = datetime.date(2026, 6, 1)
D = datetime.date


def values(pairs):
    """[(key, Number)] or [(key, label, Number)] -> {key: value or "hidden"}."""
    out = {}
    for row in pairs:
        number = row[-1]
        out[row[0]] = "hidden" if number.hidden else number.value
    return out


def test_province_agreements_counted_by_hand(known):
    board = selectors.dashboard(province=known.bengkulu, today=TODAY)
    assert board.agreement_total == 4  # a1, a2, a3 and the draft a5; a4 is Banten's
    assert values(board.agreement_statuses) == {
        "active": 1,
        "expiring": 1,
        "expired": 1,
        "upcoming": 0,
        "terminated": 0,
        "draft": 1,
    }
    per_year = values(board.agreements_per_year)
    assert per_year[2022] == 1 and per_year[2023] == 0 and per_year[2024] == 2
    assert list(per_year) == list(range(2022, TODAY.year + 1))
    assert values(board.agreements_by_programme) == {"technical-intern": 2, "industry-class": 2}
    kinds = values(board.agreements_by_partner_kind)
    assert (kinds["school"], kinds["japanese_partner"], kinds["training_centre"]) == (4, 2, 1)
    assert kinds["government"] == 0
    top = [(name, n.value) for _slug, name, _kind, n in board.top_partners_by_agreements]
    assert top == [("SMK Alfa", 3), ("Delta Kyodo Kumiai", 2), ("SMK Beta", 2), ("LPK Gamma", 1)]
    assert [a.pk for a in board.expiring] == [known.agreements[1].pk]


def test_national_agreements_counted_by_hand(known):
    board = selectors.dashboard(today=TODAY)
    assert board.agreement_total == 5
    statuses = values(board.agreement_statuses)
    assert (statuses["active"], statuses["expiring"], statuses["expired"]) == (2, 1, 1)
    per_year = values(board.agreements_per_year)
    assert (per_year[2022], per_year[2023], per_year[2024]) == (1, 1, 2)


def test_province_trainees_counted_by_hand_exact(known):
    board = selectors.dashboard(province=known.bengkulu, exact=True, today=TODAY)
    assert board.cohort_total == 2
    cohorts = values(board.cohorts_per_year)
    assert (cohorts[2022], cohorts[2023], cohorts[2024]) == (1, 0, 1)
    assert board.trainee_total.value == 22
    stages = values(board.trainees_by_stage)
    assert stages == {
        "registered": 0,
        "in_training": 2,
        "selection": 0,
        "passed": 0,
        "not_passed": 0,
        "pre_departure": 3,
        "departed": 0,
        "in_japan": 4,
        "returned": 2,
        "completed": 8,
        "withdrawn": 3,
    }
    assert board.in_japan.value == 4
    moves = {year: (d.value, r.value) for year, d, r in board.movements_per_year}
    assert moves[2023] == (6, 0) and moves[2026] == (0, 2) and moves[2024] == (0, 0)
    outcomes = {code: (n.value, r.value if r else None) for code, _l, n, r in board.outcomes}
    assert outcomes["placed"][0] == 6 and outcomes["entrepreneur"][0] == 2
    assert float(outcomes["placed"][1]) == 75.0 and float(outcomes["entrepreneur"][1]) == 25.0
    assert board.outcome_total.value == 8
    assert float(board.placement_rate.value) == 75.0
    top = [(name, n.value) for _slug, name, _kind, n in board.top_partners_by_trainees]
    assert top == [("Delta Kyodo Kumiai", 12), ("LPK Gamma", 12)]
    assert not board.protected


def test_national_trainees_counted_by_hand(known):
    board = selectors.dashboard(exact=True, today=TODAY)
    assert board.trainee_total.value == 29
    assert board.in_japan.value == 11
    moves = {year: (d.value, r.value) for year, d, r in board.movements_per_year}
    assert moves[2023] == (6, 0) and moves[2024] == (7, 0) and moves[2026] == (0, 2)
    top = [(name, n.value) for _slug, name, _kind, n in board.top_partners_by_trainees]
    assert top == [("Delta Kyodo Kumiai", 19), ("LPK Gamma", 12)]
    organisations = values(board.organisations_by_kind)
    assert organisations["school"] == 2 and organisations["japanese_partner"] == 1


def numbers(board):
    """Every count of people on `board`, by where it stands: {place: Number}."""
    found = {
        "total": board.trainee_total,
        "in_japan": board.in_japan,
        "outcome_total": board.outcome_total,
        "placement_rate": board.placement_rate,
    }
    found.update({f"stage:{code}": n for code, _label, n in board.trainees_by_stage})
    for year, departed, returned in board.movements_per_year:
        found[f"departed:{year}"], found[f"returned:{year}"] = departed, returned
    for code, _label, n, rate in board.outcomes:
        found[f"outcome:{code}"], found[f"share:{code}"] = n, rate
    found.update({f"partner:{row[0]}": row[3] for row in board.top_partners_by_trainees})
    found.update({f"reported:{r.figure.pk}": r.recorded for r in board.reported})
    return found


def test_protected_counts_stay_within_the_noise_of_the_truth(known):
    """Outside exact figures every count is its true value moved by at most MAX_NOISE; a true
    0 stays 0; a published 1 to 4 reads "fewer than 5"; shares need MIN_DENOMINATOR."""
    for province in (known.bengkulu, None):
        exact = numbers(selectors.dashboard(province=province, exact=True, today=TODAY))
        protected = numbers(selectors.dashboard(province=province, today=TODAY))
        assert exact.keys() == protected.keys()
        counts = [key for key in exact if not key.startswith(("share", "placement", "reported"))]
        assert len(counts) > 20
        for key in counts:
            truth, shown = exact[key].value, protected[key]
            if truth == 0:
                assert shown.value == 0, key
            elif shown.hidden:
                assert shown.display == "kurang dari 5", key
                assert truth <= disclosure.SMALL_COUNT - 1 + disclosure.MAX_NOISE, key
            else:
                assert abs(shown.value - truth) <= disclosure.MAX_NOISE, key
                assert shown.value == 0 or shown.value >= disclosure.SMALL_COUNT, key
    # Domestic outcomes in Bengkulu: 8 trainees, fewer than MIN_DENOMINATOR: no share shown.
    board = selectors.dashboard(province=known.bengkulu, today=TODAY)
    assert board.placement_rate.hidden and board.placement_rate.display == "tidak ditampilkan"
    assert all(rate is None or rate.hidden for *_rest, rate in board.outcomes)
    assert board.protected
    # Agreements and organisations are not people: exact, however small.
    assert values(board.agreement_statuses)["expiring"] == 1


def test_the_same_cell_reads_the_same_wherever_it_appears(known):
    board = selectors.dashboard(province=known.bengkulu, today=TODAY)
    stages = {code: n for code, _label, n in board.trainees_by_stage}
    assert board.in_japan == stages["in_japan"]
    cells = dict(selectors.province_map(measure="trainees"))
    assert cells[known.bengkulu] == board.trainee_total
    in_japan = dict(selectors.province_map(measure="in_japan"))
    assert in_japan[known.bengkulu] == board.in_japan
    # Asked again, or narrowed by a range that holds the same trainees: the same values.
    again = selectors.dashboard(
        province=known.bengkulu, filters=selectors.Filters(year_from=2000), today=TODAY
    )
    before, after = numbers(board), numbers(again)
    assert len(before) > 20
    for key in before:  # the axis of years is longer; every cell shown in both is the same
        assert after[key] == before[key], key


def test_years_narrow_every_figure(known):
    filters = selectors.Filters(year_from=2023, year_to=2024)
    board = selectors.dashboard(province=known.bengkulu, filters=filters, exact=True, today=TODAY)
    assert board.agreement_total == 2  # a2 and a3, signed in 2024; no draft
    assert [year for year, _n in board.agreements_per_year] == [2023, 2024]
    assert board.cohort_total == 1  # the 2024 cohort
    assert values(board.trainees_by_stage)["completed"] == 8
    assert values(board.trainees_by_stage)["in_japan"] == 0  # the 2022 cohort is out
    # Movements count in the year they happened, whatever the cohort's intake.
    moves = {year: (d.value, r.value) for year, d, r in board.movements_per_year}
    assert moves == {2023: (6, 0), 2024: (0, 0)}


def test_programme_narrows_every_figure(known):
    filters = selectors.Filters(programme=known.intern)
    board = selectors.dashboard(filters=filters, exact=True, today=TODAY)
    assert board.agreement_total == 3  # a1, a3, a4
    assert board.cohort_total == 2  # c1 and c3
    assert board.trainee_total.value == 19
    assert board.outcome_total.value == 0


def test_reported_figures_beside_what_the_portal_counts(known):
    board = selectors.dashboard(exact=True, today=TODAY)
    recorded = {r.figure.metric: r.recorded.value for r in board.reported}
    # SMK Beta reported 12 candidates in training; its cohort has 2 in training, 8 completed.
    assert recorded[Figure.Metric.CANDIDATES_IN_TRAINING] == 2
    # The Japanese partner reported 160 sent; it partners cohorts with 6 + 7 departures.
    assert recorded[Figure.Metric.PARTICIPANTS_SENT] == 13
    province = selectors.dashboard(province=known.bengkulu, exact=True, today=TODAY)
    assert [r.figure.organisation for r in province.reported] == [known.school_b]


def test_province_map_counts(known):
    cells = {p.code: n.value for p, n in selectors.province_map(measure="agreements")}
    assert len(cells) == 38
    assert cells["17"] == 4 and cells["36"] == 2 and cells["11"] == 0
    trainees = {p.code: n for p, n in selectors.province_map(measure="trainees", exact=True)}
    assert trainees["17"].value == 22 and trainees["36"].value == 7
    in_japan = {p.code: n for p, n in selectors.province_map(measure="in_japan", exact=True)}
    assert in_japan["17"].value == 4 and in_japan["36"].value == 7
    protected = {p.code: n for p, n in selectors.province_map(measure="trainees")}
    assert abs(protected["17"].value - 22) <= disclosure.MAX_NOISE
    assert protected["11"].value == 0


def _queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_query_count_does_not_grow_with_the_rows(
    known, agreement_factory, cohort_factory, trainee_factory, organisation_factory
):
    def national():
        selectors.dashboard(today=TODAY)
        selectors.province_map(measure="trainees")

    def province():
        selectors.dashboard(province=known.bengkulu, today=TODAY)

    before = (_queries(national), _queries(province))
    for year in (2019, 2020, 2021):
        school = organisation_factory()
        agreement_factory(parties=[school, known.japan], signed_on=D(year, 2, 1))
        cohort = cohort_factory(institution=school, intake_year=year)
        cohort.partners.set([known.japan])
        for _ in range(3):
            trainee_factory(cohort=cohort)
    assert (_queries(national), _queries(province)) == before
    assert before[0] <= 20 and before[1] <= 20


# The pages


def test_province_page_shows_its_figures_to_the_public(client, known):
    response = client.get(reverse("dashboards:province", args=["17"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="figure-agreements-per-year"' in html
    assert "Kerja sama yang ditandatangani per tahun" in html
    assert "kurang dari 5" in html  # a hidden count says so
    assert 'data-testid="protection-note"' in html  # and the page says how counts are protected
    assert 'role="img"' in html
    # No person, ever: the trainees' names stay off the public page.
    assert not any(t.full_name in html for t in Trainee.objects.all()[:30])


def test_curators_see_every_count(client, known, user_factory):
    client.force_login(user_factory(is_staff=True))
    response = client.get(reverse("dashboards:province", args=["17"]))
    board = response.context["board"]
    assert board.exact and not board.protected
    assert board.in_japan.value == 4


def test_an_official_sees_exact_counts_of_their_own_province_only(client, known, user_factory):
    client.force_login(user_factory(memberships=[("official", known.bengkulu)]))
    own = client.get(reverse("dashboards:province", args=["17"])).context["board"]
    assert own.exact and own.in_japan.value == 4
    other = client.get(reverse("dashboards:province", args=["36"])).context["board"]
    national = client.get(reverse("dashboards:national")).context["board"]
    assert other.protected and national.protected
    # A partner institution reads the published figures like everyone else.
    client.force_login(user_factory(memberships=[("head", known.school_a)]))
    assert client.get(reverse("dashboards:province", args=["17"])).context["board"].protected


def test_the_filters_are_in_the_url(client, known):
    url = reverse("dashboards:province", args=["17"])
    response = client.get(url, {"year_from": "2023", "year_to": "2024"})
    board = response.context["board"]
    assert (board.filters.year_from, board.filters.year_to) == (2023, 2024)
    assert board.cohort_total == 1
    # A reversed range is refused with a message, and the page shows everything meanwhile.
    response = client.get(url, {"year_from": "2025", "year_to": "2022"})
    assert response.status_code == 200
    assert "2025" in response.context["filter_form"].non_field_errors()[0]
    assert not response.context["board"].filters.is_narrowed
    # Nonsense in the query string is a form error, not a 500.
    response = client.get(url, {"year_from": "abc", "programme": "<script>"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors


def test_national_dashboard_and_its_map(client, known):
    response = client.get(reverse("dashboards:national"), {"map": "trainees"})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["map_measure"] == "trainees"
    assert reverse("dashboards:province", args=["17"]) in html
    assert html.count('data-testid="figure-') >= 10
    unknown = client.get(reverse("dashboards:national"), {"map": "nope"})
    assert unknown.context["map_measure"] == selectors.DEFAULT_MAP_MEASURE


def test_page_query_budget_does_not_grow(client, known, agreement_factory, trainee_factory):
    url = reverse("dashboards:national")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    agreement_factory(parties=[known.school_a], signed_on=D(2021, 1, 1))
    for _ in range(5):
        trainee_factory(cohort=Trainee.objects.first().cohort)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)
    assert len(first) <= 25


def test_a_hostile_name_is_text_on_the_page(client, known):
    known.school_a.name = '<script>alert("x")</script>'
    known.school_a.save()
    html = client.get(reverse("dashboards:province", args=["17"])).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_status_counts_match_the_statuses_of_the_list(known):
    """The dashboard counts statuses with the same date conditions as the agreement list."""
    board = selectors.dashboard(today=TODAY)
    counted = values(board.agreement_statuses)
    for status in counted:
        listed = Agreement.objects.with_status_in([status], today=TODAY).count()
        assert counted[status] == listed

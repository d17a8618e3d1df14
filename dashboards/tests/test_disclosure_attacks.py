"""An anonymous visitor tries to recover a count of trainees shown as "fewer than 5", the four
ways that worked before the cell-key method (portal.disclosure), through the real pages and
reports. Each attack runs on many cells (one a year) whose true hidden count is known.

With per-cell suppression every attack recovered every hidden count exactly. With the cell-key
method the attacker's arithmetic lands on the truth only by chance, in about a third of the
cells or fewer, and nothing tells them which. The record keys are seeded, so each run sees the
same published values; any other seed protects as well (the bound has a wide margin).
"""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from dashboards.tests.conftest import seed_record_keys
from partnerships.models import Programme
from portal.models import Province
from trainees.models import Stage, Trainee

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: about 120 dashboard requests

YEARS = range(1995, 2025)  # 30 cells per attack
# Nothing may come out exactly in more than this share of the cells (chance gives about 0.3).
BOUND = 0.5


def hidden_count(year):
    return 1 + year % 4  # 1 to 4, spread over the years


def add_trainees(cohort, count, **fields):
    """`count` trainees of `cohort` with these fields (a stage and its dates), made in bulk."""
    Trainee.objects.bulk_create(
        Trainee(
            cohort=cohort,
            full_name=f"Peserta Fiktif {cohort.pk}-{n}",
            sex="F",
            birth_date="2007-01-01",
            home_institution=cohort.institution,
            **fields,
        )
        for n in range(count)
    )


IN_JAPAN = {"stage": Stage.IN_JAPAN, "departed_on": "2024-01-10"}
IN_TRAINING = {"stage": Stage.IN_TRAINING}
WITHDRAWN = {"stage": Stage.WITHDRAWN}


def number(text):
    """A figure as the English report writes it: a number, or None when it is not shown."""
    text = re.sub(r"<[^>]+>", "", str(text)).strip().replace(",", "")
    return int(text) if text.isdigit() else None


def report(client, province, **query):
    """The rows of a province's CSV report in English: [[figure, item, value, ...], ...]."""
    with translation.override("en"):
        url = reverse("dashboards:province-report", args=[province.code, "csv"])
    response = client.get(url, query)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def figure(rows, title, item):
    (row,) = [row for row in rows if row[0] == title and row[1] == item]
    return number(row[2])


def outcome_share(rows, item):
    (row,) = [row for row in rows if row[0] == "Outcomes of domestic programmes" and row[1] == item]
    return row[3]


def recovered(attempts):
    """The share of cells where the attacker's result is the true hidden count."""
    return sum(guess == truth for guess, truth in attempts) / len(attempts)


@pytest.fixture
def bengkulu_school(organisation_factory, bengkulu):
    return organisation_factory(name="SMK Sasaran", province=bengkulu)


def test_headline_totals_minus_the_visible_cells(client, bengkulu_school, cohort_factory):
    """Each year: 20 in training, 10 in Japan, 1 to 4 withdrawn. The withdrawn are hidden; the
    trainee total and the headline "in Japan now" are shown; the rest is subtraction."""
    for year in YEARS:
        cohort = cohort_factory(institution=bengkulu_school, intake_year=year)
        add_trainees(cohort, 20, **IN_TRAINING)
        add_trainees(cohort, 10, **IN_JAPAN)
        add_trainees(cohort, hidden_count(year), **WITHDRAWN)
    seed_record_keys(16)
    attempts = []
    for year in YEARS:
        rows = report(client, bengkulu_school.province, year_from=year, year_to=year)
        if figure(rows, "Trainees by stage today", "Withdrawn") is not None:
            continue  # published as 0 or 5 and more: not a hidden cell to attack
        total = figure(rows, "Summary", "Trainees")
        in_japan = figure(rows, "Summary", "In Japan now")
        visible = [
            number(row[2])
            for row in rows
            if row[0] == "Trainees by stage today"
            and row[1] not in ("Stage", "Withdrawn", "In Japan")
            and number(row[2]) is not None
        ]
        attempts.append((total - in_japan - sum(visible), hidden_count(year)))
    assert len(attempts) >= 15
    assert recovered(attempts) <= BOUND


def test_the_same_figure_for_two_overlapping_year_ranges(client, bengkulu_school, cohort_factory):
    """25 trainees of 2024, and 1 to 4 of each earlier year: the total from year Y minus the
    total from year Y + 1 is year Y's cohort, whose own count is hidden."""
    latest = cohort_factory(institution=bengkulu_school, intake_year=2024)
    add_trainees(latest, 25, **IN_TRAINING)
    for year in YEARS[:-1]:
        cohort = cohort_factory(institution=bengkulu_school, intake_year=year)
        add_trainees(cohort, hidden_count(year), **IN_TRAINING)
    seed_record_keys(17)
    totals = {
        year: figure(
            report(client, bengkulu_school.province, year_from=year), "Summary", "Trainees"
        )
        for year in YEARS
    }
    # Asked directly, the one trainee of 1996 is hidden, or published as 0.
    single = report(client, bengkulu_school.province, year_from=1996, year_to=1996)
    assert figure(single, "Summary", "Trainees") in (None, 0)
    attempts = [(totals[year] - totals[year + 1], hidden_count(year)) for year in YEARS[:-1]]
    assert recovered(attempts) <= BOUND


def test_a_hidden_counts_share_beside_a_visible_count(client, bengkulu_school, cohort_factory):
    """Each year a domestic cohort: 12 placed, 6 in further study, 1 to 4 entrepreneurs. No
    hidden count ever has its share shown; and share times total, minus the counts shown, does
    not give the entrepreneurs away."""
    domestic = Programme.objects.get(code="domestic-placement")
    completed = {"stage": Stage.COMPLETED}
    for year in YEARS:
        cohort = cohort_factory(institution=bengkulu_school, intake_year=year, programme=domestic)
        add_trainees(cohort, 12, outcome="placed", **completed)
        add_trainees(cohort, 6, outcome="study", **completed)
        add_trainees(cohort, hidden_count(year), outcome="entrepreneur", **completed)
    seed_record_keys(18)
    attempts = []
    outcomes = ["Placed in industry", "Entrepreneur", "Further study", "Not yet working"]
    title = "Outcomes of domestic programmes"
    for year in YEARS:
        rows = report(client, bengkulu_school.province, year_from=year, year_to=year)
        for item in outcomes:
            if figure(rows, title, item) is None:  # hidden: its share is not shown either
                share = outcome_share(rows, item)
                assert not re.fullmatch(r"[\d.,]+%?", share), (year, item, share)
        total = figure(rows, "Summary", "Trainees")
        placed = figure(rows, title, "Placed in industry")
        study = figure(rows, title, "Further study")
        if study is None:  # read it back from its share, as the attack did
            share = outcome_share(rows, "Further study")
            study = round(float(share.rstrip("%")) * total / 100) if share[:1].isdigit() else 0
        attempts.append((total - (placed or 0) - study, hidden_count(year)))
    assert recovered(attempts) <= BOUND


def test_the_country_minus_the_provinces_on_the_map(client, organisation_factory, cohort_factory):
    """Each year: 20 trainees in Bengkulu, 15 in Banten, 1 to 4 in Aceh. The map hides Aceh;
    the country's total is on the same page."""
    schools = {
        code: organisation_factory(province=Province.objects.get(code=code))
        for code in ("17", "36", "11")
    }
    for year in YEARS:
        for code, count in (("17", 20), ("36", 15), ("11", hidden_count(year))):
            cohort = cohort_factory(institution=schools[code], intake_year=year)
            add_trainees(cohort, count, **IN_TRAINING)
    seed_record_keys(19)
    attempts = []
    for year in YEARS:
        with translation.override("en"):
            url = reverse("dashboards:national")
        html = client.get(url, {"year_from": year, "year_to": year, "map": "trainees"})
        html = html.content.decode()
        cells = dict(
            re.findall(
                r'href="/en/provinces/(\d\d)/">.*?</a></th><td class="text-end">(.*?)</td>',
                html,
            )
        )
        assert len(cells) == 38
        if number(cells["11"]) is not None:
            continue  # Aceh published as 0 or 5 and more: not a hidden cell to attack
        total = number(
            re.search(r'<p class="h3 mb-0">(.*?)</p><p class="small mb-0">Trainees</p>', html)[1]
        )
        shown = sum(n for n in map(number, cells.values()) if n is not None)
        attempts.append((total - shown, hidden_count(year)))
    assert len(attempts) >= 15
    assert recovered(attempts) <= BOUND

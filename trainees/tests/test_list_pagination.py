"""Long lists at national scale: the cohort list pages before it totals, the roster of a big
cohort pages, and the bulk move acts on the trainees ticked on the page shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trainees import views
from trainees.models import Stage, Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(walls, cohort_factory):
    return cohort_factory(institution=walls.school, name="Kelas Industri Jepang")


def test_cohort_list_pages_then_totals_its_page(client, walls, cohort_factory, trainee_factory):
    cohorts = [
        cohort_factory(institution=walls.school, name=f"Angkatan {n:02d}") for n in range(30)
    ]
    for _ in range(3):
        trainee_factory(cohort=cohorts[-1])
    client.force_login(walls.owner)
    first = client.get(reverse("trainees:cohort-list"))
    assert len(first.context["cohorts"]) == 25
    assert first.context["page_obj"].paginator.count == 30
    second = client.get(reverse("trainees:cohort-list"), {"page": 2})
    page = second.context["cohorts"]
    assert [c.name for c in page] == [f"Angkatan {n:02d}" for n in range(25, 30)]
    assert page[-1].trainee_count == 3
    assert page[0].trainee_count == 0


@pytest.mark.parametrize("count", [2, 60])
def test_cohort_list_query_budget_as_curator(client, walls, cohort_factory, count):
    for _ in range(count):
        cohort_factory(institution=walls.school)
    client.force_login(walls.curator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("trainees:cohort-list"))
    assert response.status_code == 200
    assert len(queries) <= 9, [q["sql"] for q in queries]


def test_roster_pages_and_moves_the_ticked_trainees(
    client, walls, cohort, trainee_factory, monkeypatch
):
    monkeypatch.setattr("trainees.views.cohorts.ROSTER_PAGE_SIZE", 5)
    trainees = [
        trainee_factory(cohort=cohort, full_name=f"Peserta {n:02d} Fiktif") for n in range(12)
    ]
    client.force_login(walls.owner)
    page = client.get(cohort.get_absolute_url(), {"page": 2})
    shown = list(page.context["trainees"])
    assert [t.full_name for t in shown] == [f"Peserta {n:02d} Fiktif" for n in range(5, 10)]
    assert page.context["roster_page"].paginator.count == 12
    assert f'value="{trainees[5].pk}"' in page.content.decode()
    assert f'value="{trainees[0].pk}"' not in page.content.decode()
    last = client.get(cohort.get_absolute_url(), {"page": 3})
    assert len(last.context["trainees"]) == 2
    client.post(
        reverse("trainees:cohort-move", args=[cohort.pk]),
        {"stage": Stage.IN_TRAINING, "date": "2025-08-01", "trainee": [t.pk for t in shown[:2]]},
    )
    moved = Trainee.objects.filter(cohort=cohort, stage=Stage.IN_TRAINING)
    assert set(moved) == set(shown[:2])


@pytest.mark.parametrize("count", [3, 150])
def test_roster_query_budget(client, walls, cohort, trainee_factory, count):
    for _ in range(count):
        trainee_factory(cohort=cohort)
    client.force_login(walls.owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(cohort.get_absolute_url())
    assert len(response.context["trainees"]) == min(count, views.ROSTER_PAGE_SIZE)
    assert len(queries) <= 15, [q["sql"] for q in queries]

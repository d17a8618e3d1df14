"""The accessible markup the pages are built with, checked without a browser: errors announced
and linked to their fields, no-JS fallbacks, and the roster's "everyone on this page" move."""

import datetime
import re

import pytest
from django.urls import reverse

from trainees import services
from trainees.models import Stage, Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(walls, cohort_factory):
    return cohort_factory(institution=walls.school, name="Kelas Jepang")


def move(client, cohort, **data):
    return client.post(
        reverse("trainees:cohort-move", args=[cohort.pk]),
        {"stage": Stage.IN_TRAINING, "date": "2025-08-01", **data},
        follow=True,
    )


def test_everyone_on_the_posted_page_moves_without_ticking(
    client, walls, cohort, trainee_factory, monkeypatch
):
    monkeypatch.setattr("trainees.views.cohorts.ROSTER_PAGE_SIZE", 2)
    trainees = [trainee_factory(cohort=cohort, full_name=f"Peserta {n} Fiktif") for n in range(5)]
    client.force_login(walls.staff)
    page = client.get(cohort.get_absolute_url(), {"page": 2}).content.decode()
    assert 'name="scope" value="page"' in page
    assert '<input type="hidden" name="page" value="2">' in page

    response = move(client, cohort, scope="page", page="2")
    assert "2 peserta dipindahkan ke tahap Dalam pelatihan" in response.content.decode()
    moved = Trainee.objects.filter(stage=Stage.IN_TRAINING)
    assert set(moved) == set(trainees[2:4])


def test_everyone_on_the_page_moves_together_or_not_at_all(client, walls, cohort, trainee_factory):
    ready = trainee_factory(cohort=cohort, full_name="Ready Fiktif")
    done = trainee_factory(cohort=cohort, full_name="Sari Fiktif")
    services.move_trainee(trainee=done, stage=Stage.WITHDRAWN, date=datetime.date(2025, 8, 1))
    client.force_login(walls.owner)
    response = move(client, cohort, scope="page", page="1")
    assert "Tidak ada yang disimpan" in response.content.decode()
    ready.refresh_from_db()
    assert ready.stage == Stage.REGISTERED


def test_a_reader_cannot_move_everyone_on_the_page(client, walls, cohort, trainee_factory):
    trainee = trainee_factory(cohort=cohort)
    client.force_login(walls.other)
    response = client.post(
        reverse("trainees:cohort-move", args=[cohort.pk]),
        {"stage": Stage.IN_TRAINING, "date": "2025-08-01", "scope": "page", "page": "1"},
    )
    assert response.status_code in (403, 404)
    trainee.refresh_from_db()
    assert trainee.stage == Stage.REGISTERED


def test_the_select_all_box_waits_for_javascript(client, walls, cohort, trainee_factory):
    trainee_factory(cohort=cohort)
    client.force_login(walls.owner)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert 'data-select-all="trainee"' in page
    assert 'aria-label="Pilih semua" hidden' in page


def test_an_error_message_is_an_alert_and_success_a_status(client, walls, cohort):
    client.force_login(walls.owner)
    response = move(client, cohort)  # nobody ticked
    page = response.content.decode()
    assert '<div class="alert alert-danger" role="alert">Pilih sedikitnya satu peserta.' in page


def test_the_failed_login_is_announced_and_the_fields_marked(client, walls):
    response = client.post(reverse("login"), {"username": "pemilik", "password": "wrong"})
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "nama pengguna nama pengguna" not in page.lower()
    assert "Nama pengguna atau sandi salah." in page
    assert page.count('aria-invalid="true"') == 2
    assert page.count('aria-describedby="login-error"') == 2
    assert 'id="login-error"' in page


def test_a_form_in_error_has_a_summary_linking_to_its_fields(client, walls):
    client.force_login(walls.owner)
    response = client.post(reverse("trainees:cohort-create"), {})
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page
    assert "Periksa isian berikut" in page
    summary = page[page.index('data-testid="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert 'href="#id_name"' in summary
    name_input = re.search(r'<input [^>]*name="name"[^>]*>', page).group()
    assert 'aria-invalid="true"' in name_input
    assert "id_name_error" in re.search(r'aria-describedby="([^"]*)"', name_input).group(1)
    assert 'id="id_name_error"' in page


def test_the_dashboard_filter_errors_are_linked(client, reference_data):
    page = client.get(
        reverse("dashboards:national"), {"year_from": "2025", "year_to": "2020"}
    ).content.decode()
    assert 'data-testid="error-summary"' in page
    assert '<details class="filter-details" open>' in page


def test_pages_start_without_javascript_and_fold_the_filters(client, reference_data):
    page = client.get(reverse("partnerships:agreement-list")).content.decode()
    assert '<html lang="id" class="no-js">' in page
    assert "js/js-enabled.js" in page
    assert '<details class="filter-details card card-body filter-card" data-open-wide>' in page
    assert "navbar-expand-lg" in page


def test_the_trainee_stage_button_differs_from_the_note_field(
    client, walls, cohort, trainee_factory
):
    trainee = trainee_factory(cohort=cohort)
    client.force_login(walls.owner)
    page = client.get(trainee.get_absolute_url()).content.decode()
    form = page[page.index(reverse("trainees:trainee-move", args=[trainee.pk])) :]
    button = form[form.index("<button") : form.index("</button>")]
    assert "Catatan" not in button
    assert "Simpan tahap" in button

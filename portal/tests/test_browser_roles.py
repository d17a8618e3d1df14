"""Each role's first steps after logging in, in Chromium against the live server."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(reference_data, walls):
    walls.owner.first_name, walls.owner.last_name = "Siti", "Aminah"
    walls.owner.save()
    return walls


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("correct-horse-battery")
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(live_server.url + reverse("pages:workspace"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ruang kerja saya")


def test_a_head_updates_the_school_profile_and_sees_the_history(live_server, page, people):
    log_in(page, live_server, "pemilik")
    card = page.get_by_test_id("institution-card")
    expect(card).to_contain_text("SMK Pemilik")
    expect(card).to_contain_text("Kepala lembaga")
    card.get_by_role("link", name="Ubah profil").click()

    page.get_by_label("Telepon kontak").fill("0732 21234")
    page.get_by_role("button", name="Simpan perubahan").click()

    expect(page.get_by_role("status").first).to_contain_text("Profil SMK Pemilik telah disimpan")
    expect(page.get_by_text("0732 21234")).to_be_visible()
    page.get_by_role("link", name="Riwayat perubahan").click()
    history = page.get_by_test_id("history")
    expect(history.locator("li").first).to_contain_text("Siti Aminah")
    expect(history.locator("li").first).to_contain_text("0732 21234")


def test_staff_read_their_institution_and_change_nothing_here(live_server, page, people):
    log_in(page, live_server, "staf")
    card = page.get_by_test_id("institution-card")
    expect(card).to_contain_text("Staf lembaga")
    expect(card.get_by_role("link", name="Ubah profil")).to_have_count(0)
    card.get_by_role("link", name="Riwayat perubahan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riwayat perubahan")


def test_an_official_reads_the_province_and_is_refused_a_change(live_server, page, people):
    log_in(page, live_server, "pejabat")
    card = page.get_by_test_id("province-figures")
    expect(card).to_contain_text("Bengkulu")
    expect(card.get_by_test_id("figure-organisations")).to_have_text("2")
    card.get_by_role("link", name="Buka halaman provinsi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bengkulu")

    page.get_by_role("link", name="SMK Pemilik").first.click()
    expect(page.get_by_role("link", name="Riwayat perubahan")).to_be_visible()
    expect(page.get_by_role("link", name="Ubah profil")).to_have_count(0)

    page.goto(
        live_server.url + reverse("partnerships:organisation-edit", args=[people.school.slug])
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Tidak diizinkan")


def test_a_curator_goes_from_the_workspace_to_the_admin(live_server, page, people):
    log_in(page, live_server, "kurator")
    page.get_by_role("link", name="Buka halaman kurasi").click()
    expect(page).to_have_url(live_server.url + reverse("admin:index"))
    expect(page.locator("#site-name")).to_contain_text("kurator")

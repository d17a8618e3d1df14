"""The Bengkulu official's journey through the dashboards, in Chromium with the demo data."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bengkulu_official_narrows_the_years_and_downloads_the_pdf(live_server, page, demo):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Nama pengguna").fill("pejabat.bengkulu")
    page.get_by_label("Sandi").fill("portal-demo-2025")
    page.get_by_role("button", name="Masuk").click()

    page.get_by_role("link", name="Buka halaman provinsi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Provinsi Bengkulu")

    # The seed article's 28 candidates, reported beside what the portal records.
    reported = page.get_by_test_id("figure-reported-recorded")
    row = reported.get_by_role("row", name="Calon peserta dalam pelatihan dan seleksi")
    expect(row).to_contain_text("28")

    signed = page.get_by_test_id("figure-agreements-per-year")
    chart = signed.locator("svg[role=img]:visible")  # the drawing that fits (charts.py)
    expect(chart).to_be_visible()
    # The demo's two Bengkulu agreements were signed in 2025: the axis runs from then to this
    # year.
    expect(chart.locator("desc")).to_contain_text("2025: 2")
    this_year = timezone.localdate().year
    expect(chart.locator("desc")).to_contain_text(f"{this_year}: 0")
    assert signed.locator("tbody tr").count() == this_year - 2025 + 1

    page.get_by_label("Dari tahun").select_option("2025")
    page.get_by_label("Sampai tahun").select_option("2025")
    page.get_by_role("button", name="Terapkan").click()

    expect(page).to_have_url(
        f"{live_server.url}/provinces/17/?year_from=2025&year_to=2025&programme="
    )
    expect(page.get_by_test_id("filters-text")).to_contain_text("2025")
    # The chart and its table change together: one year left.
    expect(signed.locator("tbody tr")).to_have_count(1)
    expect(signed.locator("tbody tr th")).to_have_text("2025")
    expect(chart.locator("desc")).to_contain_text("2025: 2")
    expect(chart.locator("desc")).not_to_contain_text(f"{this_year}:")
    signed.get_by_text("Lihat tabel angka").click()
    expect(signed.locator("table")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_test_id("pdf-link").click()
    download = download_info.value
    assert download.suggested_filename.startswith("dasbor-17-")
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Bengkulu" in text
    assert "2025" in text
    assert "Kerja sama yang berlaku" in text


def test_the_national_dashboard_shows_the_map(live_server, page, demo):
    page.goto(live_server.url + reverse("dashboards:national"))
    tile_map = page.get_by_test_id("province-map")
    expect(tile_map.get_by_role("link", name="Bengkulu:")).to_be_visible()
    page.get_by_label("Warnai provinsi menurut").select_option("organisations")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/?map=organisations")
    tile_map.get_by_role("link", name="Bengkulu:").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Provinsi Bengkulu")

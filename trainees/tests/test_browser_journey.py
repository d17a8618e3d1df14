"""The school head's journey, in Chromium against the live server with the demo data."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(reference_data, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


def test_the_demo_head_registers_a_cohort_imports_a_roster_and_moves_five(
    live_server, page, demo, tmp_path
):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Nama pengguna").fill("kepala.smkn1rl")
    page.get_by_label("Sandi").fill("portal-demo-2025")
    page.get_by_role("button", name="Masuk").click()

    page.get_by_role("link", name="Angkatan", exact=True).click()
    expect(page.get_by_role("link", name="Kelas Industri Jepang Bengkulu")).to_be_visible()
    page.get_by_role("link", name="Daftarkan angkatan").click()
    page.get_by_label("Nama").fill("Kelas Jepang SMKN 1 Rejang Lebong 2026")
    page.get_by_label("Penyelenggara").select_option(label="SMKN 1 Rejang Lebong")
    page.get_by_label("Program").select_option(index=1)
    page.get_by_label("Tahun masuk").fill("2026")
    page.get_by_role("button", name="Simpan angkatan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kelas Jepang SMKN 1")

    roster = tmp_path / "peserta.csv"
    rows = [
        f"Siswa Fiktif {n},,{'L' if n % 2 else 'P'},2008-0{n}-1{n},,N5,otomotif,"
        for n in range(1, 9)
    ]
    roster.write_text(
        "nama lengkap,NISN,jenis kelamin,tanggal lahir,NPSN,bahasa,bidang,tahap\n"
        + "\n".join(rows)
        + "\n"
    )
    page.get_by_role("link", name="Impor daftar peserta").click()
    page.get_by_label("File daftar peserta").set_input_files(str(roster))
    page.get_by_role("button", name="Periksa file").click()
    expect(page.get_by_role("status").first).to_contain_text("8 peserta siap disimpan")
    page.get_by_role("button", name="Simpan semua peserta").click()
    expect(page.get_by_role("status").first).to_contain_text("8 peserta diimpor")

    funnel = page.get_by_test_id("funnel")
    expect(funnel.get_by_role("row", name="Terdaftar")).to_contain_text("8")
    expect(funnel.get_by_role("row", name="Dalam pelatihan")).to_contain_text("0")

    roster_table = page.get_by_test_id("roster")
    for n in range(1, 6):
        roster_table.get_by_label(f"Pilih Siswa Fiktif {n}").check()
    page.get_by_label("Tahap baru").select_option(label="Dalam pelatihan")
    page.get_by_role("button", name="Ubah tahap peserta yang dipilih").click()

    expect(page.get_by_role("status").first).to_contain_text(
        "5 peserta dipindahkan ke tahap Dalam pelatihan"
    )
    expect(funnel.get_by_role("row", name="Dalam pelatihan")).to_contain_text("5")
    roster_table.get_by_role("link", name="Siswa Fiktif 1").click()
    expect(page.get_by_test_id("stage")).to_have_text("Dalam pelatihan")
    expect(page.get_by_test_id("timeline").locator("li")).to_have_count(2)

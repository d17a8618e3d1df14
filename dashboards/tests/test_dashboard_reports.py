"""The dashboards' downloads: CSV, Excel and PDF, each read back and checked against the page."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def pdf_bytes(response):
    """A PDF report as served from storage (a FileResponse), read once."""
    assert response.status_code == 200, response.status_code
    if not hasattr(response, "read_back"):
        response.read_back = b"".join(response.streaming_content)
    return response.read_back


def pdf_text(response):
    reader = PdfReader(io.BytesIO(pdf_bytes(response)))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def hostile(known):
    known.school_a.name = '=HYPERLINK("http://evil.example","klik")'
    known.school_a.save()
    return known


def test_csv_report_has_the_figures_and_the_filter(client, known):
    url = reverse("dashboards:province-report", args=["17", "csv"])
    response = client.get(url, {"year_from": "2023", "year_to": "2024"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="dasbor-17-' in response["Content-Disposition"]
    rows = csv_rows(response)
    # Six columns after the figure's title: the widest figure (reported and recorded) has six.
    assert rows[0] == [
        "Angka",
        "Butir",
        "Nilai",
        "Nilai 2",
        "Nilai 3",
        "Nilai 4",
        "Nilai 5",
        "Catatan",
    ]
    assert "Bengkulu" in rows[1][1] and "2023" in rows[1][1] and "2024" in rows[1][1]
    by_figure = {(row[0], row[1]): row[2] for row in rows}
    assert by_figure[("Angkatan per tahun masuk", "2024")] == "1"
    assert by_figure[("Ringkasan", "Kerja sama")] == "2"


def test_excel_report_is_formula_safe_and_numeric(client, hostile):
    response = client.get(reverse("dashboards:province-report", args=["17", "xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = [row[1] for row in rows if row[0] == "Mitra teratas menurut jumlah kerja sama"]
    assert '\'=HYPERLINK("http://evil.example","klik")' in names
    assert not any(isinstance(cell, str) and cell.startswith("=") for row in rows for cell in row)
    summary = {row[1]: row[2] for row in rows if row[0] == "Ringkasan"}
    assert summary["Kerja sama"] == 4  # a number, not text
    # A hidden count is written as words, never as its value.
    stage = {row[1]: row[2] for row in rows if row[0] == "Peserta menurut tahap saat ini"}
    assert stage["Di Jepang"] == "kurang dari 5"


def test_pdf_report_reads_back(client, known):
    url = reverse("dashboards:province-report", args=["17", "pdf"])
    response = client.get(url, {"year_from": "2022", "year_to": "2024"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert pdf_bytes(response).startswith(b"%PDF")
    text = pdf_text(response)
    assert "Bengkulu" in text
    assert "2022" in text and "2024" in text  # the filter it was made with
    assert "Kerja sama yang berlaku" in text
    assert "SMK Alfa" in text  # a party of the agreement in force
    assert known.agreements[0].title in text
    assert "kurang dari 5" in text


def test_national_pdf_has_the_map(client, known):
    response = client.get(reverse("dashboards:national-report", args=["pdf"]))
    assert response.status_code == 200
    text = pdf_text(response)
    assert "Peta provinsi" in text
    assert "Dasbor nasional" in text


def test_unknown_report_format_is_404(client, known):
    assert client.get(reverse("dashboards:national-report", args=["exe"])).status_code == 404
    assert client.get(reverse("dashboards:province-report", args=["99", "csv"])).status_code == 404


def test_reports_never_name_a_trainee(client, known):
    from trainees.models import Trainee

    names = list(Trainee.objects.values_list("full_name", flat=True))
    for fmt in ("csv", "pdf"):
        response = client.get(reverse("dashboards:province-report", args=["17", fmt]))
        text = csv_rows(response) if fmt == "csv" else pdf_text(response)
        assert not any(name in str(text) for name in names)


def fonts_of(response):
    reader = PdfReader(io.BytesIO(pdf_bytes(response)))
    names = set()
    for pdf_page in reader.pages:
        for font in pdf_page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_the_japanese_pdf_is_in_japanese_and_drawn_with_a_japanese_font(client, known):
    response = client.get("/ja" + reverse("dashboards:province-report", args=["17", "pdf"]))
    assert response.status_code == 200
    text = pdf_text(response)
    assert "ブンクル" in text or "Bengkulu" in text
    assert "ダッシュボード" in text
    assert any("IPA" in name for name in fonts_of(response)), fonts_of(response)


def test_the_csv_headers_follow_the_language(client, known):
    url = reverse("dashboards:national-report", args=["csv"])
    for prefix, header in [("/en", "Figure"), ("/ja", None)]:
        response = client.get(prefix + url)
        first = csv_rows(response)[0]
        if header:
            assert first[0] == header
        else:
            assert all(ord(ch) > 0x3000 for ch in first[0])  # written in Japanese


def test_every_column_of_a_figure_reaches_the_csv(client, known, user_factory):
    """The reported-and-recorded figure has six columns; each one is in the download, under
    a header row naming them."""
    client.force_login(user_factory(is_staff=True))  # a curator: counts as they are
    rows = csv_rows(client.get(reverse("dashboards:province-report", args=["17", "csv"])))
    title = "Angka yang dilaporkan dan yang tercatat"
    header, *figures = [row for row in rows if row[0] == title]
    assert header[1:7] == [
        "Lembaga",
        "Angka yang dilaporkan",
        "Dilaporkan",
        "Per tanggal",
        "Sumber",
        "Tercatat di portal",
    ]
    (beta,) = figures
    assert beta[1] == "SMK Beta"
    assert beta[5] == "Berita contoh"  # the source
    assert beta[6] == "2"  # what the portal counts: the 2 trainees in training
    assert beta[-1].startswith("Angka yang dilaporkan berasal")  # the figure's note, last
    assert len(rows[0]) == len(beta)


def test_the_same_cell_reads_the_same_in_page_csv_excel_pdf_and_map(client, known):
    """A protected count is one value wherever it appears: the page, its CSV, Excel and PDF,
    the national map, and as a total beside its parts."""
    import re

    from django.utils import translation

    query = {"year_from": "2022", "year_to": "2024"}
    with translation.override("en"):
        page_url = reverse("dashboards:province", args=["17"])
        report = {fmt: reverse("dashboards:province-report", args=["17", fmt]) for fmt in FORMATS}
        national_url = reverse("dashboards:national")

    def text(html):
        return re.sub(r"<[^>]+>", "", html).strip()

    page = client.get(page_url, query).content.decode()
    on_page = {
        text(label): text(value)
        for value, label in re.findall(
            r'<p class="h3 mb-0">(.*?)</p><p class="small mb-0">(.*?)</p>', page
        )
    }
    rows = csv_rows(client.get(report["csv"], query))
    in_csv = {row[1]: row[2] for row in rows if row[0] == "Summary"}
    stage_in_csv = {row[1]: row[2] for row in rows if row[0] == "Trainees by stage today"}
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(report["xlsx"], query).content)).active
    in_excel = {
        str(row[1]): str(row[2]) for row in sheet.iter_rows(values_only=True) if row[0] == "Summary"
    }
    pdf = pdf_text(client.get(report["pdf"], query))
    national = client.get(national_url, {**query, "map": "trainees"}).content.decode()
    (on_map,) = re.findall(
        r'href="/en/provinces/17/">.*?</a></th><td class="text-end">(.*?)</td>', national
    )

    for label in ("Trainees", "In Japan now"):
        shown = on_page[label]
        assert shown and in_csv[label] == shown and in_excel[label] == shown, label
        assert re.search(rf"{re.escape(shown)}\s*{re.escape(label)}", pdf), (label, shown)
    assert text(on_map) == on_page["Trainees"]
    assert stage_in_csv["In Japan"] == on_page["In Japan now"]
    assert "protected" in " ".join(row[1] for row in rows if row[0] == "Note")
    assert "protected" in pdf


FORMATS = ("csv", "xlsx", "pdf")

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Agreement
from partnerships.tests.admin_forms import agreement_change_form
from partnerships.validators import MAX_DOCUMENT_SIZE

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, agreement, file):
    return client.post(
        reverse("admin:partnerships_agreement_change", args=[agreement.pk]),
        agreement_change_form(agreement, document=file),
    )


@pytest.fixture
def agreement(agreement_factory, organisation_factory):
    return agreement_factory(parties=[organisation_factory(), organisation_factory()])


def test_a_pdf_is_stored_under_a_name_the_uploader_cannot_choose(client, curator, agreement, media):
    client.force_login(curator)
    response = upload(client, agreement, SimpleUploadedFile("../../etc/passwd.pdf", PDF))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.document.name.startswith("agreements/")
    assert "passwd" not in agreement.document.name
    assert agreement.document.name.endswith(".pdf")
    assert (media / agreement.document.name).read_bytes() == PDF

    download = client.get(reverse("partnerships:agreement-document", args=[agreement.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert f'filename="kerja-sama-{agreement.pk}.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert reverse("partnerships:agreement-document", args=[agreement.pk]) in page


def test_a_renamed_exe_is_refused(client, curator, agreement, media):
    client.force_login(curator)
    exe = b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode."
    response = upload(client, agreement, SimpleUploadedFile("perjanjian.pdf", exe))
    assert response.status_code == 200
    assert "document" in response.context["adminform"].form.errors
    agreement.refresh_from_db()
    assert not agreement.document
    assert not list(media.rglob("*.pdf"))


def test_an_oversize_file_is_refused(client, curator, agreement, media):
    client.force_login(curator)
    big = PDF[:-7] + b"0" * MAX_DOCUMENT_SIZE + b"\n%%EOF\n"
    response = upload(client, agreement, SimpleUploadedFile("besar.pdf", big))
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["document"])
    assert "10.0" in errors or "10,0" in errors
    agreement.refresh_from_db()
    assert not agreement.document


def test_no_document_is_a_404(client, agreement):
    response = client.get(reverse("partnerships:agreement-document", args=[agreement.pk]))
    assert response.status_code == 404


def test_an_agreement_needs_two_parties_in_the_admin(client, curator, agreement):
    client.force_login(curator)
    data = agreement_change_form(agreement, **{"parties-0-DELETE": "on"})
    response = client.post(
        reverse("admin:partnerships_agreement_change", args=[agreement.pk]), data
    )
    assert response.status_code == 200
    assert agreement.parties.count() == 2


def test_curators_mark_agreements_verified(client, curator, agreement):
    client.force_login(curator)
    response = client.post(
        reverse("admin:partnerships_agreement_changelist"),
        {"action": "mark_verified", "_selected_action": [agreement.pk]},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.verified_by == curator
    assert agreement.verified_at is not None
    assert agreement.history.first().verified_by_id == curator.pk
    assert Agreement.objects.filter(verified_at__isnull=False).count() == 1

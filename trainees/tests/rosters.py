"""Uploading a roster through the real import view, for the roster tests."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation


def text_file(text, name="peserta.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding))


def import_url(cohort, language):
    with translation.override(language):
        return reverse("trainees:cohort-import", args=[cohort.pk])


def upload(client, cohort, file, language="id"):
    return client.post(import_url(cohort, language), {"file": file})

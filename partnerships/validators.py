from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024


def validate_pdf(upload):
    """A PDF by its content, not its name, of 10 MB at most.

    A PDF starts with "%PDF-" (readers accept it within the first 1024 bytes) and ends with an
    "%%EOF" marker near its end. A renamed EXE, image or HTML page fails the first test."""
    if getattr(upload, "_committed", False):
        return  # already stored and checked when it was uploaded
    if upload.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _(
                "The file is %(size)s; the limit is %(limit)s. Compress the PDF or scan it at a "
                "lower resolution."
            ),
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_DOCUMENT_SIZE),
            },
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(0, upload.size - 2048))
    tail = upload.read(2048)
    upload.seek(0)
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise ValidationError(
            _("This file is not a PDF. Upload the signed agreement as a PDF document."),
            code="not_pdf",
        )

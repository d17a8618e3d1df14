"""A cohort's roster as a file: the import (upload, check, confirm), the template, the export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.access import (
    get_for,
)
from portal.breadcrumbs import trail
from portal.exports import FORMATS, export_response
from trainees import audit, roster, uploads
from trainees.forms import RosterUploadForm
from trainees.models import (
    Cohort,
    Trainee,
)
from trainees.uploads import IMPORT_TTL_SECONDS
from trainees.views.cohorts import ROLES, _cohort_for_change


@login_required
def cohort_import(request, pk):
    """Upload a roster, see every problem by row and column, and save only a clean file."""
    cohort = _cohort_for_change(request, pk)
    pending = request.session.get("roster_imports", {})
    context = {
        "cohort": cohort,
        "form": RosterUploadForm(),
        "breadcrumbs": _import_breadcrumbs(cohort),
    }
    if request.method == "POST" and "token" in request.POST:
        return _import_confirm(request, cohort, pending, request.POST["token"])
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = roster.check(upload, cohort)
            except roster.RosterError as error:
                # What is wrong is in the file, not the field that sent it: one message, at the
                # top of the form (its error summary), not repeated under the field.
                form.add_error(None, str(error))
            else:
                context["result"] = result
                # A file with problems is a form sent back: the title says "Error:" too
                # (portal/templatetags/page_title.py).
                context["page_has_errors"] = not result.ok
                audit.record(
                    request.user,
                    audit.Action.CHECK_IMPORT,
                    cohort=cohort,
                    count=len(result.rows),  # 0 when there are problems: nothing to save
                    detail=upload.name[-100:],
                )
                if result.ok:
                    # The scheduled purge_uploads does this too; here it also runs where no
                    # job was scheduled.
                    uploads.purge_stale(older_than=IMPORT_TTL_SECONDS)
                    upload.seek(0)
                    token = uploads.save(upload.read())
                    pending[token] = {"cohort": cohort.pk, "name": upload.name[-100:]}
                    request.session["roster_imports"] = pending
                    context["token"] = token
    return render(request, "trainees/cohort_import.html", context)


def _import_breadcrumbs(cohort):
    return trail((str(cohort), cohort.get_absolute_url()), (_("Import a roster"), None))


def _import_confirm(request, cohort, pending, token):
    entry = pending.get(token)
    data = uploads.read(token) if entry and entry["cohort"] == cohort.pk else None
    if data is None:  # unknown, another cohort's, or purged after a day
        messages.error(request, _("This import has expired. Upload the file again."))
        return redirect("trainees:cohort-import", pk=cohort.pk)
    upload = SimpleUploadedFile(entry["name"], data)
    result = roster.check(upload, cohort)  # again: the registry may have changed meanwhile
    if not result.ok:
        return render(
            request,
            "trainees/cohort_import.html",
            {
                "cohort": cohort,
                "form": RosterUploadForm(),
                "result": result,
                "breadcrumbs": _import_breadcrumbs(cohort),
            },
        )
    try:
        count = roster.save(result, cohort, request.user)
    except IntegrityError:
        messages.error(
            request,
            _(
                "Someone registered one of these NISNs meanwhile. "
                "Nothing was saved; upload the file again."
            ),
        )
        return redirect("trainees:cohort-import", pk=cohort.pk)
    audit.record(
        request.user, audit.Action.IMPORT_ROSTER, cohort=cohort, count=count, detail=entry["name"]
    )
    uploads.delete(token)
    pending.pop(token, None)
    request.session["roster_imports"] = pending
    messages.success(
        request,
        ngettext("%(count)d trainee imported.", "%(count)d trainees imported.", count)
        % {"count": count},
    )
    return redirect(cohort)


@login_required
def roster_template(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    return roster.template_response(fmt)


@login_required
def cohort_export(request, pk):
    """The roster as CSV or Excel: for the institution and curators only."""
    cohort = get_for(request.user, Cohort.objects.all(), change=True, roles=ROLES, pk=pk)
    fmt = request.GET.get("format")
    if fmt not in FORMATS:
        raise Http404
    trainees = (
        Trainee.objects.filter(cohort=cohort)
        .select_related("home_institution", "host_organisation", "prefecture")
        .order_by("full_name", "pk")
    )
    headers = [
        _("Full name"),
        "NISN",
        _("Sex"),
        _("Date of birth"),
        _("Home institution"),
        _("Japanese level"),
        _("Occupation field"),
        _("Stage"),
        _("In this stage since"),
        _("Host in Japan"),
        _("Prefecture"),
        _("Departed on"),
        _("Returned on"),
        _("Outcome"),
    ]
    rows = (
        [
            t.full_name,
            t.nisn or "",
            t.get_sex_display(),
            t.birth_date,
            t.home_institution.name,
            t.language_level,
            t.occupation,
            t.get_stage_display(),
            t.stage_since,
            t.host_organisation.name if t.host_organisation else "",
            t.prefecture.name if t.prefecture else "",
            t.departed_on,
            t.returned_on,
            t.get_outcome_display() if t.outcome else "",
        ]
        for t in trainees.iterator(chunk_size=1000)
    )
    audit.record(
        request.user,
        audit.Action.EXPORT_ROSTER,
        cohort=cohort,
        count=trainees.count(),
        detail=fmt,
    )
    return export_response(
        basename=f"peserta-angkatan-{cohort.pk}", headers=headers, rows=rows, fmt=fmt
    )

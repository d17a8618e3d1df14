"""The site's own pages: the home page, the signed-in user's workspace, About, the privacy notice
and contact, and the language switcher. They sit on top of the registry (partnerships), the
cohorts (trainees) and the base layer (portal), and nothing imports them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db.models import Count, F, Q
from django.shortcuts import render
from django.utils import translation
from django.views.generic import TemplateView
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language

from partnerships.models import Agreement, AgreementParty, Event, Figure, Organisation
from portal import disclosure
from portal.access import access_for
from trainees import selectors, uploads
from trainees.models import INSTITUTION_KINDS as RUNNERS


def kind_totals(queryset):
    """Counts per organisation kind in one query, as a list of (kind, label, count)."""
    totals = queryset.aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in Organisation.Kind.values}
    )
    return [(kind, label, totals[kind]) for kind, label in Organisation.Kind.choices]


def home(request):
    organisations = Organisation.objects.all()
    totals = kind_totals(organisations)
    context = {
        "kind_totals": totals,
        "organisation_total": sum(count for _kind, _label, count in totals),
        "province_total": organisations.exclude(province=None)
        .values("province")
        .distinct()
        .count(),
        "latest_organisations": organisations.with_places().order_by("-created_at", "name")[:6],
        "figures": Figure.objects.with_related().order_by("-as_of", "metric")[:6],
        "events": Event.objects.select_related("regency").order_by("-date")[:5],
        # Each figure links to the agreement list filtered by the same statuses.
        "agreement_totals": Agreement.objects.with_status().aggregate(
            signed=Count("pk", filter=Q(status_code__in=Agreement.SIGNED)),
            in_force=Count("pk", filter=Q(status_code__in=Agreement.IN_FORCE)),
            expiring=Count("pk", filter=Q(status_code=Agreement.Status.EXPIRING)),
        ),
        "latest_agreements": Agreement.objects.with_status()
        .for_list()
        .order_by(F("signed_on").desc(nulls_last=True), "-pk")[:5],
    }
    return render(request, "pages/home.html", context)


@login_required
def workspace(request):
    """My workspace: the institutions and provinces this user works for, what they may do
    there, and the agreements of theirs that need attention.

    An official's provinces come first, with their dashboards' headline figures: the template
    asks the dashboards for them (their `province_figures` tag), as this layer may not import
    its sibling; the view counts nothing of its own for them, so the two never disagree."""
    access = access_for(request.user)
    organisation_ids = [m.organisation_id for m in access.organisations]
    agreement_counts = dict(
        AgreementParty.objects.filter(organisation__in=organisation_ids)
        .values_list("organisation")
        .annotate(count=Count("agreement", distinct=True))
    )
    # Which of them the user may edit: asked of the access rules, not decided here.
    editable = set(
        Organisation.objects.changeable_by(request.user)
        .filter(pk__in=organisation_ids)
        .values_list("pk", flat=True)
    )
    institutions = [
        {
            "membership": m,
            "organisation": m.organisation,
            "can_edit": m.organisation_id in editable,
            "agreement_count": agreement_counts.get(m.organisation_id, 0),
        }
        for m in access.organisations
    ]
    provinces = [m.province for m in access.provinces]
    scope = Agreement.objects.visible_to(request.user)
    # The partners' moves on the cohorts of the institutions this user runs (one query).
    running = [m.organisation_id for m in access.organisations if m.organisation.kind in RUNNERS]
    context = {
        "access": access,
        "institutions": institutions,
        "show_partner_moves": bool(running),
        "partner_moves": selectors.recent_partner_moves(running) if running else [],
        "partner_moves_days": selectors.RECENT_DAYS,
        "provinces": provinces,
        "expiring": scope.expiring().for_list().order_by("expires_on", "pk")[:10],
        "drafts": scope.with_status_in([Agreement.Status.DRAFT])
        .for_list()
        .order_by("-created_at")[:10],
    }
    return render(request, "pages/workspace.html", context)


class IdentityPage(TemplateView):
    """About, privacy notice and contact: who runs the portal and how to reach them."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            operator=settings.PORTAL_OPERATOR,
            contact_email=settings.PORTAL_CONTACT_EMAIL,
            upload_hours=uploads.IMPORT_TTL_SECONDS // 3600,
            max_noise=disclosure.MAX_NOISE,
            small_count=disclosure.SMALL_COUNT,
            min_denominator=disclosure.MIN_DENOMINATOR,
            **kwargs,
        )


def set_language(request):
    """Django's set_language (cookie, redirect to `next`), and for a signed-in user the
    language saved on their account."""
    try:
        # Django's set_language asks this when there is no `next`, and its parser raises
        # ValueError (a 500) for a media type it refuses to read, such as one over 10,000
        # characters. No browser sends one: the request is malformed.
        request.accepts("text/html")
    except ValueError:
        raise BadRequest("Malformed Accept header.") from None
    # Django resolves `next` in the active language, which is Indonesian on this unprefixed
    # address: /en/... and /ja/... would not resolve and the page would stay in its language.
    with translation.override(translation.get_language_from_path(_next_path(request))):
        response = django_set_language(request)
    language = request.POST.get(LANGUAGE_QUERY_PARAMETER)
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and user.language != language
    ):
        user.language = language
        user.save(update_fields=["language"])
    return response


def _next_path(request):
    """The path of `next`, or "" when there is none or it is not a URL at all."""
    try:
        return urlsplit(request.POST.get("next", request.GET.get("next", "")) or "").path
    except ValueError:
        # urlsplit refuses some text, such as "http://[" (an unclosed IPv6 host): such a
        # `next` is no page to go back to, and Django's set_language, which validates it
        # itself, then redirects to the Referer or "/" as for a missing one.
        return ""

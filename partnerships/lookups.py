"""The registry's lookups: organisations and agreements for the search-as-you-type pickers
(portal/lookups.py has the machinery), and the JSON views the pickers' script asks.

Matches are case-insensitive substrings of every word typed, which PostgreSQL answers from the
trigram indexes of partnerships migration 0009 (`UPPER(name) LIKE '%WORD%'`); names that start
with the text come first."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from partnerships.models import Agreement, AgreementParty, Organisation
from portal import ratelimits
from portal.lookups import CANDIDATES, normalise, respond, words


class OrganisationLookup:
    url_name = "partnerships:lookup-organisations"
    none_message = _(
        "No organisation is named “%(text)s”. Check the spelling or type part of the name."
    )
    several_message = _(
        "Several organisations match “%(text)s”: choose one below or type the exact name."
    )

    @staticmethod
    def label(organisation):
        return organisation.name

    @staticmethod
    def detail(organisation):
        place = organisation.place
        kind = organisation.get_kind_display()
        return f"{kind} · {place.name}" if place else str(kind)

    @staticmethod
    def exact(queryset, text):
        query = Q(name__iexact=text)
        if text.isdigit() and len(text) == 8:
            query |= Q(npsn=text)
        return queryset.filter(query)

    @staticmethod
    def search(queryset, text):
        text = normalise(text)
        query = Q()
        for word in words(text):
            query &= Q(name__icontains=word)
        if text.isdigit() and len(text) == 8:
            query |= Q(npsn=text)
        return (
            queryset.filter(query)
            .select_related("province", "regency", "prefecture")
            .alias(
                starts=Case(
                    When(name__istartswith=text, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("starts", "name", "pk")
        )


class AgreementLookup:
    url_name = "partnerships:lookup-agreements"
    none_message = _("No agreement matches “%(text)s”. Type part of its number or title.")
    several_message = _(
        "Several agreements match “%(text)s”: type the number or the exact title of one of them."
    )

    @staticmethod
    def label(agreement):
        return str(agreement)

    @staticmethod
    def detail(agreement):
        signed = agreement.signed_on.isoformat() if agreement.signed_on else "—"
        return f"{agreement.get_kind_display()} · {signed}"

    @staticmethod
    def exact(queryset, text):
        query = Q(title__iexact=text)
        # The label is "number title": its first word may be the number.
        number = text.split(" ", 1)[0]
        query |= Q(number__iexact=text) | Q(number__iexact=number, number__gt="")
        matches = queryset.filter(query)
        # "number title" names one agreement even if the title is shared.
        exact = [
            a for a in matches[: CANDIDATES + 1] if normalise(str(a)).casefold() == text.casefold()
        ]
        return exact or matches

    @staticmethod
    def search(queryset, text):
        text = normalise(text)
        query = Q()
        for word in words(text):
            query &= Q(title__icontains=word) | Q(number__icontains=word)
        return (
            queryset.filter(query)
            .alias(
                starts=Case(
                    When(number__istartswith=text, then=Value(0)),
                    When(title__istartswith=text, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("starts", "title", "pk")
        )


@require_GET
@ratelimits.lookups
def organisations(request):
    """Public registry data: `?q=` text, `kind=` (repeatable), `party=1` for organisations that
    are a party to an agreement, `key=slug` to return slugs instead of ids."""
    queryset = Organisation.objects.all()
    kinds = [kind for kind in request.GET.getlist("kind") if kind in Organisation.Kind.values]
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    if request.GET.get("party") == "1":
        queryset = queryset.filter(
            Exists(AgreementParty.objects.filter(organisation=OuterRef("pk")))
        )
    key = "slug" if request.GET.get("key") == "slug" else "pk"
    return respond(OrganisationLookup, queryset, request, key=key)


@require_GET
@login_required
@ratelimits.lookups
def agreements(request):
    return respond(AgreementLookup, Agreement.objects.all(), request)

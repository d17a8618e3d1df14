"""Search-as-you-type for organisations and agreements: the JSON views the pickers' script asks,
and the matching rules the pickers' fields use to resolve what a person typed.

Matches are case-insensitive substrings of every word typed, which PostgreSQL answers from the
trigram indexes of partnerships migration 0009 (`UPPER(name) LIKE '%WORD%'`); names that start
with the text come first."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from partnerships.models import Agreement, AgreementParty, Organisation
from portal import ratelimits

RESULTS = 20  # suggestions a lookup returns at most
CANDIDATES = 10  # candidates a form error lists at most
MIN_LENGTH = 2  # shorter texts get no suggestions
MAX_WORDS = 5


def normalise(text):
    """Whitespace collapsed and trimmed, at most 100 characters."""
    return " ".join((text or "").split())[:100]


def _words(text):
    return normalise(text).split()[:MAX_WORDS]


class OrganisationLookup:
    url_name = "portal:lookup-organisations"
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
        for word in _words(text):
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
    url_name = "portal:lookup-agreements"
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
        for word in _words(text):
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


def resolve(lookup, queryset, text):
    """What `text` names within `queryset`: one exact match (name, NPSN, number), else every
    match of the search, at most CANDIDATES + 1 (enough to tell one from several)."""
    text = normalise(text)
    if not text:
        return []
    exact = list(lookup.exact(queryset, text)[: CANDIDATES + 1])
    if len(exact) == 1:
        return exact
    return exact or list(lookup.search(queryset, text)[: CANDIDATES + 1])


def _response(lookup, queryset, request, key="pk"):
    text = normalise(request.GET.get("q"))
    results = []
    if len(text) >= MIN_LENGTH:
        results = [
            {
                "id": str(getattr(obj, key)),
                "text": lookup.label(obj),
                "detail": lookup.detail(obj),
            }
            for obj in lookup.search(queryset, text)[:RESULTS]
        ]
    return JsonResponse({"results": results})


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
    return _response(OrganisationLookup, queryset, request, key=key)


@require_GET
@login_required
@ratelimits.lookups
def agreements(request):
    return _response(AgreementLookup, Agreement.objects.all(), request)

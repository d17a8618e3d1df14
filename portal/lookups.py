"""Search-as-you-type: the machinery the pickers share (portal/widgets.py, static/js/lookup.js).

A lookup is a class that says how to find, label and describe records of one kind (`url_name`,
`label()`, `detail()`, `exact()`, `search()`, and the messages for none or several matches):
the domain apps define theirs (partnerships/lookups.py) with the JSON views the script asks.
Here: how typed text is normalised, resolved to records, and answered as JSON."""

from django.http import JsonResponse

RESULTS = 20  # suggestions a lookup returns at most
CANDIDATES = 10  # candidates a form error lists at most
MIN_LENGTH = 2  # shorter texts get no suggestions
MAX_WORDS = 5


def normalise(text):
    """Whitespace collapsed and trimmed, at most 100 characters."""
    return " ".join((text or "").split())[:100]


def words(text):
    """The first MAX_WORDS words of `text`: each must match."""
    return normalise(text).split()[:MAX_WORDS]


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


def respond(lookup, queryset, request, key="pk"):
    """The JSON answer to a picker's `?q=`: at most RESULTS suggestions of `lookup`."""
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

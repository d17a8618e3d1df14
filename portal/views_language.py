"""The site's language switcher, remembering a signed-in user's choice for the mail the portal
sends them (User.language)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language


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

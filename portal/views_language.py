"""The site's language switcher, remembering a signed-in user's choice for the mail the portal
sends them (User.language)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language


def set_language(request):
    """Django's set_language (cookie, redirect to `next`), and for a signed-in user the
    language saved on their account."""
    # Django resolves `next` in the active language, which is Indonesian on this unprefixed
    # address: /en/... and /ja/... would not resolve and the page would stay in its language.
    next_path = urlsplit(request.POST.get("next", request.GET.get("next", "")) or "").path
    with translation.override(translation.get_language_from_path(next_path)):
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

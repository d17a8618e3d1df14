"""Cross-cutting request and response rules: refuse malformed requests before any view, form
or query sees them; keep signed-in users' pages out of browser caches."""

import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from whitenoise.middleware import WhiteNoiseFileResponse

# PostgreSQL can neither store nor compare a NUL: a "%00" that reaches a query fails there with
# a 500. Nothing of this portal needs one anywhere, so it is refused wherever it comes in.
NUL = "\x00"
# Other control characters have no use in a URL either, and in the path or query string they
# reach the logs, where a line break or a terminal escape could forge or hide entries. A tab
# is let through: it is pasted into search boxes with ordinary text.
URL_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


class RefuseMalformedRequestsMiddleware:
    """400 for a control character in the path or the query string (decoded or not), and for
    a NUL in a header, a cookie, or a form field's name or value.

    Form fields may carry line breaks and tabs (an address, a note) and are only checked for
    NUL; uploaded files are binary and are not looked at. Reading request.POST here parses the
    body earlier than a view would, as CsrfViewMiddleware already does for every POST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.is_malformed(request):
            raise BadRequest("Malformed request: control character in the URL or a NUL byte.")
        return self.get_response(request)

    @staticmethod
    def is_malformed(request):
        url_parts = [request.path, request.META.get("QUERY_STRING", "")]
        url_parts += [text for key, values in request.GET.lists() for text in [key, *values]]
        if any(URL_CONTROL.search(text) for text in url_parts):
            return True
        texts = [value for key, value in request.META.items() if key.startswith("HTTP_")]
        texts += [text for item in request.COOKIES.items() for text in item]
        if request.method == "POST":
            texts += [text for key, values in request.POST.lists() for text in [key, *values]]
        return any(NUL in text for text in texts if isinstance(text, str))


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    Personal data (trainees, rosters and their exports, histories, restricted documents, the
    workspace) is only ever shown to signed-in users, and school computers are shared: the
    next person must not find it in the browser's cache or history. Applying it to every
    signed-in response rather than view by view means a new page cannot forget it; public pages
    lose nothing, being rendered per request with no freshness information anyway. Directives
    a view set itself (the admin's never_cache) are kept.

    It is the outermost middleware, so that no answer escapes it: the 400s for a bad Host or a
    control character and the language redirects are made before the user is known. Then the
    session cookie decides: whoever carries one is treated as signed in. The static files
    (styles, scripts, fonts: the same for everyone, and named by their content) are left to
    WhiteNoise's long caching, as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.signed_in(request) and not isinstance(response, WhiteNoiseFileResponse):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def signed_in(request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return True
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated


class PreferredLanguageMiddleware:
    """The home page `/` is the Indonesian one; a first visit there goes to the visitor's own
    language: the saved choice (a signed-in user's `language`, else the language cookie the
    switcher sets), else the browser's Accept-Language. Every other address keeps its language:
    a shared /en/ or /ja/ link opens in English or Japanese, an unprefixed one in Indonesian."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != "/" or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        language = self.preferred(request)
        if language != settings.LANGUAGE_CODE:
            query = request.META.get("QUERY_STRING", "")
            response = HttpResponseRedirect(f"/{language}/" + (f"?{query}" if query else ""))
        else:
            response = self.get_response(request)
        # The answer depends on both: a cache must not give one visitor another's language.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @staticmethod
    def preferred(request):
        languages = dict(settings.LANGUAGES)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in languages:
            return user.language
        # The cookie first, then Accept-Language, then the default.
        return translation.get_language_from_request(request, check_path=False)

"""The account pages the portal changes from Django's own: logging in lands in the language the
user chose last."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url
from django.utils import translation


class LoginView(auth_views.LoginView):
    """Django's login (django-axes still counts its failures: it listens to authenticate()),
    landing on the workspace in the user's saved language rather than the login page's.

    Someone who reads the portal in Japanese may reach the login from an Indonesian link (an
    email, the bare address); their account remembers the language they chose with the
    switcher (User.language), so the workspace opens in it, and the language cookie is set to it
    so that the pages outside the language prefixes (the home page `/`) follow. A `next`, given
    by a protected page's redirect, is obeyed as it is: that page keeps its own language."""

    def form_valid(self, form):
        response = super().form_valid(form)
        language = self.saved_language()
        if language:
            # As Django's set_language sets it.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    def get_default_redirect_url(self):
        """LOGIN_REDIRECT_URL (the workspace) in the saved language: /me/ for Indonesian, the
        default language without a prefix, /en/me/ or /ja/me/. Without a saved language, in the
        language of the login page."""
        language = self.saved_language()
        if self.next_page or not language:
            return super().get_default_redirect_url()
        with translation.override(language):
            return resolve_url(settings.LOGIN_REDIRECT_URL)

    def saved_language(self):
        """The signed-in user's saved language, if it is one the portal speaks."""
        language = getattr(self.request.user, "language", "")
        return language if language in dict(settings.LANGUAGES) else ""

"""The portal's addresses: each app's own URLs, included by name (a string, not an import: this
module sits with the settings, beside the layers rather than in them; docs/architecture.md)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from portal import ratelimits
from portal.forms import QueuedPasswordResetForm
from portal.views import LoginView


class FaviconRedirect(RedirectView):
    """Its address is asked of the static storage per request, not when the URLs load: with
    DEBUG off it names the hashed file of the manifest, which exists only after collectstatic."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


urlpatterns = [
    path("i18n/", include("pages.urls_language")),
    # Browsers that ignore <link rel="icon"> still ask for /favicon.ico: no 404 on a first visit.
    path("favicon.ico", FaviconRedirect.as_view()),
]

urlpatterns += i18n_patterns(
    path("", include("pages.urls")),
    path("", include("dashboards.urls")),
    path("", include("partnerships.urls")),
    path("", include("trainees.urls")),
    path(
        "accounts/password_reset/",
        # Limited per address asked for and per client (portal/ratelimits.py).
        ratelimits.password_reset(
            auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm)
        ),
        name="password_reset",
    ),
    # Before Django's own: the login lands in the user's saved language (portal/views.py).
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
# Uploaded files are never served from a public URL, not even in development: documents go
# through views that check who is asking (see partnerships.views.agreement_document).

"""Which language a missing translation falls back to.

Django gives every language but English a fallback catalogue: the one of
settings.LANGUAGE_CODE (`DjangoTranslation._add_fallback`). Ours is Indonesian, so a string
the Japanese catalogue lacks (a new msgid not yet translated, or a third-party app that ships
an Indonesian catalogue but no Japanese one, such as django-axes or django-simple-history)
showed up in Indonesian on /ja/: a language a Japanese partner's staff cannot read, where the
English msgid is one they can. `install_english_fallback()`, called once from
`PortalConfig.ready()`, makes English the fallback of every language except Indonesian itself
(which keeps none: a missing Indonesian string shows its English msgid, as before).

The override is kept to this one method, and the caches are emptied so no catalogue built
before it (with the Indonesian fallback) survives.
"""

from django.conf import settings
from django.utils.translation import trans_real

FALLBACK_LANGUAGE = "en"


def _add_english_fallback(self, localedirs=None):
    """Django's `_add_fallback`, with English in place of settings.LANGUAGE_CODE."""
    language = self.language()
    if language == settings.LANGUAGE_CODE or language.startswith(FALLBACK_LANGUAGE):
        return
    if self.domain == "django":
        fallback = trans_real.translation(FALLBACK_LANGUAGE)  # cached, like Django's own
    else:
        fallback = trans_real.DjangoTranslation(
            FALLBACK_LANGUAGE, domain=self.domain, localedirs=localedirs
        )
    self.add_fallback(fallback)


def install_english_fallback():
    trans_real.DjangoTranslation._add_fallback = _add_english_fallback
    # As Django's setting_changed receiver does when LOCALE_PATHS change: drop any catalogue
    # built before this point, so every catalogue in use has the English fallback.
    trans_real._translations = {}
    trans_real._default = None

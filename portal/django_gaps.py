"""Strings of Django itself that its own Indonesian and Japanese catalogues leave untranslated.

Django 6.1's `id` and `ja` catalogues have no (or an empty) translation for a few strings our
pages show: the empty choice of select widgets, the admin's date hierarchy label and the list
of protected objects when an inline row cannot be deleted. Naming them here makes
`makemessages` copy them into the project catalogues (locale/<lang>/LC_MESSAGES/django.po),
and LOCALE_PATHS come before Django's own catalogues, so our translations are the ones shown.

Nothing imports this module: it only exists to be read by `makemessages`. Drop an entry once
Django's own catalogues translate it. The admin's JavaScript strings (the time-zone note and
the calendar labels of the date/time widgets, domain "djangojs") cannot be marked from Python:
they live in locale/<lang>/LC_MESSAGES/djangojs.po, written by hand.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_GAPS = [
    # django/db/models/fields/__init__.py: the empty choice of every select widget.
    gettext_noop("- Select an option -"),
    # django/contrib/admin/templates/admin/date_hierarchy.html: above a changelist.
    gettext_noop("Filter by %(field_name)s"),
    # django/contrib/admin/options.py: an inline row whose deletion is refused lists the
    # protected objects, joined by ", ", then counts those it leaves out.
    gettext_noop(", "),
    ngettext_lazy(
        "…and %(count)d more object.",
        "…and %(count)d more objects.",
        "count",
    ),
]

"""Strings of django-axes and django-simple-history that our Indonesian and Japanese pages show.

django-axes 8 ships an Indonesian catalogue but no Japanese one; django-simple-history 3.13
likewise, and its Indonesian one misses its newer strings. A curator on /ja/ saw the login
lock-outs and the admin's history pages half in English, half missing, and before
portal/i18n.py made English the fallback, in Indonesian. Naming their exact msgids here makes
`make messages` copy them into locale/<lang>/LC_MESSAGES/django.po, where we translate them;
LOCALE_PATHS come before the apps' own catalogues, so ours are the ones shown.

Nothing imports this module: it only exists to be read by `makemessages` (as
portal/django_gaps.py does for Django's own gaps). Strings Django's own catalogues already
translate ("Yes", "Home", "History", "View on site"...) are left out, so as not to override
them. axes' "Cleaned up {count} expired access attempts." is left out too: axes formats it
before translating it (an f-string), so no catalogue can match it.
"""

from django.utils.translation import gettext_noop

AXES = [
    # axes/admin.py: the changelist filter, the fieldsets, the action, the status column.
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    # axes/models.py: the models and their fields.
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    # axes/conf.py: the lock-out messages.
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop(
        "Account locked: too many login attempts. Contact an admin to unlock your account."
    ),
]

SIMPLE_HISTORY = [
    # simple_history/admin.py: the titles and messages of the admin's history pages.
    gettext_noop("View history: %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    gettext_noop("Revert %s"),
    # simple_history/models.py: the kind of each change, and a deleted record's name.
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    # simple_history/templates/simple_history/*.html
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Object"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("None"),
]

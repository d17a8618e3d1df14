"""The roles of the portal's people, and who is a curator: one home, part of the access layer
(portal/access.py re-exports them; Membership.Role takes its values from here). Imports nothing
of the portal, so that the models can use it too."""

from django.db.models import Q

# The roles, one home: Membership.Role takes its values from here.
HEAD = "head"
STAFF = "staff"
OFFICIAL = "official"
# The curators' group (migration portal 0007 makes it, with its permissions).
CURATOR_GROUP = "Kurator"


def is_curator(user):
    """Curators keep the registry and see every record: active staff users (the group Kurator
    gives them the admin's permissions; superusers are curators too)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.is_staff)
    )


# is_curator, as a condition on users in SQL (the reminders' recipients).
CURATORS = Q(is_active=True) & (Q(is_staff=True) | Q(is_superuser=True))

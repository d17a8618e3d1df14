"""Who may see and change what: the one place where the portal's walls are drawn.

Public pages (the registry of organisations and agreements) are open to everyone and do not
pass through here. Everything else does:

- A record belongs to one or more organisations (an organisation to itself, an agreement to
  its parties, a cohort to the institutions running it, a trainee to their home institution),
  and through them to provinces.
- Curators (active staff users) see and change everything.
- A head or staff member of an owning organisation sees the record; the roles a record's
  changes need (heads only for an institution's profile, heads and staff for cohorts and
  trainees) are named by the view.
- Some records have readers besides their owners (`reader_paths`): the training centres named
  as partners of a cohort read it and its roster, a Japanese partner reads the cohort and the
  trainees it hosts. They never change them.
- An official sees the records owned by organisations of their province, and changes nothing.
- Anyone else, signed in or not, does not see it at all.

Views ask through `get_for()`: a record outside the user's walls answers 404 (its existence is
not confirmed), a record they may see but not change answers 403, and anonymous visitors are
sent to log in by the views' LoginRequiredMixin before any of this runs.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portal.roles import HEAD, OFFICIAL, STAFF, is_curator

HEADS = (HEAD,)
INSTITUTION_ROLES = (HEAD, STAFF)


class Access:
    """One user's memberships, read once per request."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def is_curator(self):
        return is_curator(self.user)

    @cached_property
    def memberships(self):
        if not self.user.is_authenticated:
            return []
        return list(
            self.user.memberships.select_related("organisation", "province").order_by(
                "role", "organisation__name", "province__name"
            )
        )

    def organisation_ids(self, roles=INSTITUTION_ROLES):
        return {m.organisation_id for m in self.memberships if m.role in roles}

    @property
    def province_ids(self):
        return {m.province_id for m in self.memberships if m.role == OFFICIAL}

    def sees_exact_counts(self, province=None):
        """Whether counts of people are shown to this user as they are rather than protected
        (portal.disclosure): to curators everywhere, to an official on their own province's
        figures. Everyone else, partners and institutions included, reads the published,
        protected counts of the dashboards and their reports."""
        if self.is_curator:
            return True
        return province is not None and province.pk in self.province_ids

    @property
    def organisations(self):
        return [m for m in self.memberships if m.organisation_id]

    @property
    def provinces(self):
        return [m for m in self.memberships if m.province_id]


def access_for(user):
    """The Access of a user, cached on the user object for the rest of the request."""
    access = getattr(user, "_portal_access", None)
    if access is None:
        access = Access(user)
        user._portal_access = access
    return access


class ScopedQuerySet(models.QuerySet):
    """Scoping for a model whose records belong to organisations.

    `organisation_path` leads from the model to its owning organisations ("" for Organisation
    itself, "parties__organisation" for Agreement, ...)."""

    organisation_path = ""
    # Officials of the owners' provinces read these records (False for personal data).
    officials_see = True
    # Further organisations whose heads and staff read (never change) a record: (path to the
    # organisation, extra lookups on it), e.g. the partners named on a cohort.
    reader_paths = ()

    def _lookup(self, field):
        path = self.organisation_path
        if field == "pk":
            return f"{path}__in" if path else "pk__in"
        return f"{path}__{field}__in" if path else f"{field}__in"

    def _restrict(self, condition):
        # A subquery rather than a join: a record with several owners appears once.
        return self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))

    def visible_to(self, user):
        """Records whose protected details (history, restricted documents, cohorts, trainees)
        this user may see."""
        access = access_for(user)
        if access.is_curator:
            return self.all()
        organisations = access.organisation_ids()
        provinces = access.province_ids if self.officials_see else set()
        if not organisations and not provinces:
            return self.none()
        condition = Q()
        if organisations:
            condition |= Q(**{self._lookup("pk"): organisations})
            for path, lookups in self.reader_paths:
                extra = {f"{path}__{field}": value for field, value in lookups.items()}
                condition |= Q(**{f"{path}__in": organisations}, **extra)
        if provinces:
            condition |= Q(**{self._lookup("province"): provinces})
        return self._restrict(condition)

    def changeable_by(self, user, roles=HEADS):
        """Records this user may change, holding one of `roles` in an owning organisation."""
        access = access_for(user)
        if access.is_curator:
            return self.all()
        organisations = access.organisation_ids(roles)
        if not organisations:
            return self.none()
        return self._restrict(Q(**{self._lookup("pk"): organisations}))


def can_change(user, obj, roles=HEADS):
    """Whether `user` may change `obj` (a record of a ScopedQuerySet model)."""
    if not user.is_authenticated:
        return False
    manager = type(obj)._default_manager
    return manager.all().changeable_by(user, roles).filter(pk=obj.pk).exists()


def can_see(user, obj):
    """Whether `user` may see the protected details of `obj`."""
    if not user.is_authenticated:
        return False
    return type(obj)._default_manager.all().visible_to(user).filter(pk=obj.pk).exists()


def get_for(user, queryset, *, change=False, roles=HEADS, **lookup):
    """The one access check of every protected view.

    Outside the user's walls: 404. Visible but not changeable when `change` is asked: 403."""
    obj = get_object_or_404(queryset.visible_to(user), **lookup)
    if change and not queryset.changeable_by(user, roles).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("Your role lets you read this record, not change it."))
    return obj


class ScopedObjectMixin(LoginRequiredMixin):
    """For class-based views on one protected record: log in first, then `get_for()`.

    Set `change = True` on views that change the record, and `change_roles` to the roles
    allowed to (heads by default)."""

    change = False
    change_roles = HEADS
    lookup_field = "pk"
    lookup_url_kwarg = "pk"

    def get_object(self, queryset=None):
        if queryset is None:
            queryset = self.get_queryset()
        return get_for(
            self.request.user,
            queryset,
            change=self.change,
            roles=self.change_roles,
            **{self.lookup_field: self.kwargs[self.lookup_url_kwarg]},
        )


def manageable_accounts(actor, users):
    """The accounts among `users` (a User queryset) whose details `actor` may change: every
    account for a superuser; for a curator their own and those of people who are neither
    superusers nor staff (curators); none for anyone else. See `can_manage_account`."""
    if not actor.is_authenticated or not actor.is_active:
        return users.none()
    if actor.is_superuser:
        return users
    if not access_for(actor).is_curator:
        return users.none()
    return users.filter(Q(pk=actor.pk) | Q(is_superuser=False, is_staff=False))


def can_manage_account(actor, target):
    """Whether `actor` may change `target`'s account in any way: its address, name, language,
    memberships, activation, groups and permissions, or send it a link to choose a password.

    Curators keep the accounts of schools', training centres' and provinces' people; they never
    reach a superuser's or another curator's account, whatever the path (a takeover of one would
    reach every account). Only a superuser makes or changes curators and superusers."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if not access_for(actor).is_curator:
        return False
    return target.pk == actor.pk or not (target.is_superuser or target.is_staff)

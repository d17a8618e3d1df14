"""Accounts: the bulk curator, then the heads and staff of the institutions that run the most
cohorts and one official per province (portal_user, portal_membership, their history, and the
curator's group).
"""

import datetime
import math

from django.contrib.auth.hashers import make_password

from devtools.bulk.base import PASSWORD, PREFIX, Table
from devtools.demo import curator_group
from portal.models import Membership, User


class AccountsMixin:
    """curator() (before the agreements, which name who verified them), users() (after the
    cohorts: `cohorts_run` ranks the institutions) and account_summary()."""

    def curator(self):
        """The curator first: agreements name who verified them."""
        self.password = make_password(PASSWORD)  # hashed once, shared by every bulk account
        self.user_table = Table(
            User,
            [
                "id",
                "password",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "date_joined",
            ],
            now=self.now,
            history_date="date_joined",
        )
        (self.curator_id,) = self.next_ids(User, 1)
        joined = self.now - datetime.timedelta(days=1200)
        self.write(
            self.user_table,
            [
                (
                    self.curator_id,
                    self.password,
                    f"{PREFIX}curator",
                    "Kurator",
                    "Bulk",
                    f"{PREFIX}curator@bulk.example",
                    True,
                    joined,
                )
            ],
        )
        User.objects.get(pk=self.curator_id).groups.add(curator_group())

    def users(self):
        rows, memberships = [], []
        joined = self.now - datetime.timedelta(days=30)
        institutions = [
            pk for pk, _ in sorted(self.cohorts_run.items(), key=lambda i: (-i[1], i[0]))
        ]
        heads = min(len(institutions), math.ceil(self.user_count * 0.7))
        accounts = [
            ("head", f"{PREFIX}head-{n:05d}", institutions[n - 1]) for n in range(1, heads + 1)
        ]
        accounts += [
            ("staff", f"{PREFIX}staff-{n:05d}", institutions[(n - 1) % heads])
            for n in range(1, self.user_count - heads + 1)
            if heads
        ]
        accounts += [("official", f"{PREFIX}official-{code}", pk) for pk, code, _ in self.provinces]
        user_ids = self.next_ids(User, len(accounts))
        membership_ids = self.next_ids(Membership, len(accounts))
        for (role, username, scope), user_id, membership_id in zip(
            accounts, user_ids, membership_ids, strict=True
        ):
            first, _, last = self.person_name().rpartition(" ")
            rows.append(
                (
                    user_id,
                    self.password,
                    username,
                    first,
                    last,
                    f"{username}@bulk.example",
                    False,
                    joined,
                )
            )
            organisation, province = (None, scope) if role == "official" else (scope, None)
            memberships.append((membership_id, role, joined, organisation, province, user_id))
        self.write(self.user_table, rows)
        table = Table(
            Membership,
            ["id", "role", "created_at", "organisation_id", "province_id", "user_id"],
            now=self.now,
            history_date="created_at",
        )
        self.write(table, memberships)
        self.accounts = [("curator", f"{PREFIX}curator", None), *accounts]

    def account_summary(self):
        """(username or range, what it is) for the command's output."""
        lines = []
        for role, label in (
            ("curator", "curator (staff, group Kurator)"),
            ("head", "heads of the institutions that run the most cohorts"),
            ("staff", "staff of the same institutions"),
            ("official", "one official per province (province code)"),
        ):
            names = [username for kind, username, _ in self.accounts if kind == role]
            if names:
                shown = names[0] if len(names) == 1 else f"{names[0]} .. {names[-1]}"
                lines.append((shown, label))
        return lines

"""Building blocks the models share: indexes only PostgreSQL builds (PostgresIndex,
SearchIndex, trigram_index) and the NotInFutureConstraint check."""

import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now, Upper


class PostgresIndex(models.Index):
    """An index of PostgreSQL's own kinds (NULLS LAST, GIN): the base of SearchIndex, and named
    in migrations."""


class SearchIndex(PostgresIndex):
    """A GIN index for PostgreSQL's full-text search, or with `trigram=True` for its trigram
    matches (pg_trgm's gin_trgm_ops, which django.contrib.postgres's OpClass would render only
    with that app installed)."""

    def __init__(self, *expressions, trigram=False, **kwargs):
        self.trigram = trigram
        super().__init__(*expressions, **kwargs)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        if self.trigram:
            kwargs["trigram"] = True
        return path, args, kwargs

    def create_sql(self, model, schema_editor, using="", **kwargs):
        statement = super().create_sql(model, schema_editor, using=" USING gin", **kwargs)
        if self.trigram:
            statement.parts["columns"] = f"{statement.parts['columns']} gin_trgm_ops"
        return statement


def trigram_index(field, name):
    """For `field__icontains` (PostgreSQL compares UPPER(field) LIKE UPPER('%text%'))."""
    return SearchIndex(Upper(field), trigram=True, name=name)


class NotInFutureConstraint(models.CheckConstraint):
    """`field <= now() + 1 day`, enforced by PostgreSQL; clean() checks the exact date. The day of
    slack covers the database clock running in UTC, seven hours behind Jakarta's date in the
    early morning."""

    def __init__(self, *, field, name, violation_error_message=None):
        self.field = field
        super().__init__(
            condition=Q(**{f"{self.field}__isnull": True})
            | Q(**{f"{self.field}__lte": Now() + datetime.timedelta(days=1)}),
            name=name,
            violation_error_message=violation_error_message,
        )

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("condition")
        kwargs["field"] = self.field
        return path, args, kwargs

    def validate(self, *args, **kwargs):
        pass  # clean() gives the precise message, with the date in Jakarta time.

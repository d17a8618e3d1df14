"""Building blocks the models share: indexes only PostgreSQL builds (PostgresIndex,
SearchIndex, trigram_index) and the NotInFutureConstraint check."""

import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now, Upper


class PostgresIndex(models.Index):
    """An index only PostgreSQL builds (NULLS LAST, GIN). SQLite (`make run`) scans instead:
    there the index is a plain one on the primary key under the same name, so that migrations
    run on both."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return schema_editor._create_index_sql(model, fields=[model._meta.pk], name=self.name)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


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
        if self.trigram and schema_editor.connection.vendor == "postgresql":
            statement.parts["columns"] = f"{statement.parts['columns']} gin_trgm_ops"
        return statement


def trigram_index(field, name):
    """For `field__icontains` (PostgreSQL compares UPPER(field) LIKE UPPER('%text%'))."""
    return SearchIndex(Upper(field), trigram=True, name=name)


class NotInFutureConstraint(models.CheckConstraint):
    """`field <= now() + 1 day`, enforced by PostgreSQL.

    SQLite (the `make run` database) refuses a clock in a CHECK constraint, so there the rule
    rests on the model's clean(). The day of slack covers the database clock running in UTC,
    seven hours behind Jakarta's date in the early morning; clean() checks the exact date."""

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

    def _enforced(self, schema_editor):
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor) if self._enforced(schema_editor) else None
        )

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if self._enforced(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if self._enforced(schema_editor) else None

    def validate(self, *args, **kwargs):
        pass  # clean() gives the precise message, with the date in Jakarta time.

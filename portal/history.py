"""Reading django-simple-history records as "who changed what, before and after"."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from portal.access import ScopedObjectMixin
from portal.breadcrumbs import BreadcrumbsMixin

# How many changes a history page shows; curators see every one in the admin.
HISTORY_LIMIT = 100

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    record: object
    subject: str
    action: str
    changes: list = field(default_factory=list)
    complete: bool = True  # False when the previous version is outside the page

    @property
    def user(self):
        user = self.record.history_user
        if user is None:
            return ""
        return user.get_full_name() or user.get_username()

    @property
    def date(self):
        return self.record.history_date


def display_value(model_field, value):
    """A stored value as a reader would write it."""
    if value is None or value == "":
        return gettext("(empty)")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field is not None and isinstance(model_field, models.FileField):
        return gettext("(a file)")
    if hasattr(value, "isoformat"):
        return formats.localize(value)
    return str(value)


def raw_changes(newer, older):
    """[(model field or None, name, old, new)] between two records of one object, foreign keys
    as raw ids."""
    model = newer.instance_type
    rows = []
    for change in newer.diff_against(older).changes:
        try:
            model_field = model._meta.get_field(change.field)
        except Exception:  # a field dropped since
            model_field = None
        rows.append((model_field, change.field, change.old, change.new))
    return rows


def _labels(model_field, name):
    return str(model_field.verbose_name) if model_field is not None else name


def resolve(rows_by_entry):
    """Turn raw changes into Change rows, reading the foreign keys' names in one query per
    related model, whatever the number of changes."""
    wanted = defaultdict(set)
    for rows in rows_by_entry:
        for model_field, _name, old, new in rows:
            if isinstance(model_field, models.ForeignKey):
                wanted[model_field.related_model].update(v for v in (old, new) if v is not None)
    names = {
        model: {obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=ids)}
        for model, ids in wanted.items()
    }
    resolved = []
    for rows in rows_by_entry:
        changes = []
        for model_field, name, old, new in rows:
            if isinstance(model_field, models.ForeignKey):
                known = names.get(model_field.related_model, {})
                old = known.get(old, gettext("(deleted record)")) if old is not None else None
                new = known.get(new, gettext("(deleted record)")) if new is not None else None
            changes.append(
                Change(
                    _labels(model_field, name),
                    display_value(model_field, old),
                    display_value(model_field, new),
                )
            )
        resolved.append(changes)
    return resolved


def describe_changes(newer, older):
    """[Change] between two historical records of one object."""
    return resolve([raw_changes(newer, older)])[0]


def history_entries(records, subject=lambda record: ""):
    """Entries, newest first, for historical records of one or several objects (of one or
    several models). Each change is compared with the previous record of the same object among
    `records`; pass one record more than you show so that the oldest shown has its previous."""
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous = {}
    pending = []
    for record in ordered:
        key = (record.instance_type, getattr(record, record.instance_type._meta.pk.attname))
        before = previous.get(key)
        previous[key] = record
        if record.history_type == "~" and before is not None:
            rows, complete = raw_changes(record, before), True
        else:
            rows, complete = [], record.history_type != "~"
        pending.append((record, rows, complete))
    changes = resolve([rows for _record, rows, _complete in pending])
    entries = [
        Entry(
            record=record,
            subject=subject(record),
            action=str(ACTIONS.get(record.history_type, record.history_type)),
            changes=rows,
            complete=complete,
        )
        for (record, _rows, complete), rows in zip(pending, changes, strict=True)
    ]
    entries.reverse()
    return entries


def latest_records(history):
    """The newest HISTORY_LIMIT records of a history manager or queryset, and one more, so that
    the oldest shown change has its "before"."""
    return list(
        history.select_related("history_user").order_by("-history_date")[: HISTORY_LIMIT + 1]
    )


class HistoryView(BreadcrumbsMixin, ScopedObjectMixin, DetailView):
    """Who changed a record, when, and what: for those the record's model lets see it
    (portal.access). The latest HISTORY_LIMIT changes; the admin has them all.

    Set `model`; override `history_records()` to add related records (an agreement's parties)."""

    template_name = "portal/history.html"

    def history_records(self):
        return latest_records(self.object.history)

    def get_breadcrumbs(self):
        return [
            (Truncator(str(self.object)).chars(60), self.object.get_absolute_url()),
            (gettext("History of changes"), None),
        ]

    def get_context_data(self, **kwargs):
        records = self.history_records()
        entries = history_entries(records, subject=self.subject)
        return super().get_context_data(
            entries=entries[:HISTORY_LIMIT],
            truncated=len(entries) > HISTORY_LIMIT,
            history_limit=HISTORY_LIMIT,
            **kwargs,
        )

    def subject(self, record):
        return ""

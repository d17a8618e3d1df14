"""Optimistic locking: two people editing the same record do not silently overwrite each other.

A versioned record carries a number that every save increments. Its edit form sends back the
number it was opened with; if the record has been saved since, the form is refused with the
list of what the other person changed (read from the record's history), the user's own entries
stay in the form, and saving again keeps them knowingly.

The check locks the row (SELECT ... FOR UPDATE) when it runs inside a transaction, as the admin's
change view and the portal's edit views do, so two saves cannot slip between check and write.
"""

from django import forms
from django.db import models, router, transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.history import describe_changes


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Incremented by every save; edit forms use it to detect concurrent changes."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that refuses to overwrite changes saved after it was opened."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["seen_version"] = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        model = type(self.instance)
        rows = model._base_manager.filter(pk=self.instance.pk)
        connection = transaction.get_connection(router.db_for_write(model))
        if connection.in_atomic_block and connection.features.has_select_for_update:
            rows = rows.select_for_update(of=("self",))
        current = rows.values_list("version", flat=True).first()
        if current is None:
            raise forms.ValidationError(
                _("This record has been deleted since you opened it."), code="deleted"
            )
        seen = cleaned_data.get("seen_version")
        if seen is None:
            self._accept_version(current)
            raise forms.ValidationError(
                _("The form is incomplete. Reload the page and enter your changes again."),
                code="no_version",
            )
        if seen != current:
            self._accept_version(current)
            raise forms.ValidationError(self.conflict_messages(seen), code="conflict")
        return cleaned_data

    def _accept_version(self, current):
        """Let the next submission of this form overwrite knowingly."""
        data = self.data.copy()
        data[self.add_prefix("seen_version")] = str(current)
        self.data = data

    def conflict_messages(self, seen):
        history = self.instance.history.select_related("history_user")
        opened = history.filter(version=seen).order_by("-history_id").first()
        later = list(history.filter(version__gt=seen).order_by("history_id"))
        who = sorted(
            {
                (r.history_user.get_full_name() or r.history_user.get_username())
                if r.history_user
                else gettext("someone")
                for r in later
            }
        )
        when = date_format(localtime(later[-1].history_date), "DATETIME_FORMAT") if later else ""
        messages = [
            gettext(
                "%(who)s saved this record on %(when)s, after you opened it. "
                "Nothing has been saved from your form yet."
            )
            % {"who": ", ".join(who) or gettext("someone"), "when": when}
        ]
        if opened is not None and later:
            for change in describe_changes(later[-1], opened):
                messages.append(
                    gettext("%(field)s: “%(before)s” → “%(after)s”")
                    % {"field": change.label, "before": change.before, "after": change.after}
                )
        messages.append(
            gettext(
                "Your entries are still in the form. Compare them with the changes above, "
                "then save again to keep yours."
            )
        )
        return messages


class VersionedAdminMixin:
    """For a ModelAdmin whose form is a VersionedModelForm: put the hidden version field in
    the first fieldset, so the change form sends it back."""

    def get_fieldsets(self, request, obj=None):
        return self.with_version_field(super().get_fieldsets(request, obj), obj)

    @staticmethod
    def with_version_field(fieldsets, obj):
        if obj is None:
            return fieldsets
        (name, options), *rest = fieldsets
        fields = list(options.get("fields", []))
        if "seen_version" not in fields:
            fields.append("seen_version")
        return [(name, {**options, "fields": fields}), *rest]

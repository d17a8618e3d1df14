"""The filter of a dashboard: years and programme, read from the query string."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards import selectors
from partnerships.models import Programme


class DashboardFilterForm(forms.Form):
    """The year range and programme of a dashboard, read from the query string (GET): a
    narrowed dashboard is a link an official can share or bookmark."""

    year_from = forms.TypedChoiceField(
        label=_("From the year"), coerce=int, required=False, empty_value=None
    )
    year_to = forms.TypedChoiceField(
        label=_("To the year"), coerce=int, required=False, empty_value=None
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("position", "name"),
        to_field_name="code",
        required=False,
        empty_label=_("All programmes"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = [("", _("Any"))] + [
            (year, str(year)) for year in range(selectors.FIRST_YEAR, timezone.localdate().year + 2)
        ]
        self.fields["year_from"].choices = years
        self.fields["year_to"].choices = years
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The first year (%(start)s) comes after the last (%(end)s): swap them."),
                params={"start": start, "end": end},
            )
        return data

    def filters(self):
        """The Filters to apply: none while the form has errors (the page says which)."""
        if not self.is_bound or not self.is_valid():
            return selectors.Filters()
        data = self.cleaned_data
        return selectors.Filters(
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            programme=data.get("programme"),
        )

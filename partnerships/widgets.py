"""The pickers of organisations and agreements (portal/widgets.py's fields with the registry's
lookups), used by the forms and filters of every app."""

from partnerships.lookups import AgreementLookup, OrganisationLookup
from portal.widgets import LookupChoiceField, LookupMultipleChoiceField


class OrganisationChoiceField(LookupChoiceField):
    lookup = OrganisationLookup


class OrganisationMultipleChoiceField(LookupMultipleChoiceField):
    lookup = OrganisationLookup


class AgreementMultipleChoiceField(LookupMultipleChoiceField):
    lookup = AgreementLookup

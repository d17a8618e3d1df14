"""The partnerships models, one module per concept. Everything the rest of the project and the
migrations import from `partnerships.models` is re-exported here, so that those imports keep
working whatever module a class lives in."""

from partnerships.models.agreements import (
    Agreement,
    AgreementParty,
    AgreementQuerySet,
    agreement_search_document,
    document_upload_to,
    quota_phrase,
)
from partnerships.models.base import (
    NotInFutureConstraint,
    PostgresIndex,
    SearchIndex,
    trigram_index,
)
from partnerships.models.events import Event, EventQuerySet
from partnerships.models.figures import Figure, FigureQuerySet
from partnerships.models.organisations import (
    CATEGORIES_BY_KIND,
    CATEGORY_MATCHES_KIND,
    Association,
    GovernmentBody,
    Industry,
    JapanesePartner,
    KindManager,
    Organisation,
    OrganisationQuerySet,
    School,
    TrainingCentre,
)
from partnerships.models.people import Person, Position, PositionQuerySet
from partnerships.models.programmes import Programme
from partnerships.models.reminders import ExpiryReminder
from partnerships.models.sources import Source

__all__ = [
    "CATEGORIES_BY_KIND",
    "CATEGORY_MATCHES_KIND",
    "Agreement",
    "AgreementParty",
    "AgreementQuerySet",
    "Association",
    "Event",
    "EventQuerySet",
    "ExpiryReminder",
    "Figure",
    "FigureQuerySet",
    "GovernmentBody",
    "Industry",
    "JapanesePartner",
    "KindManager",
    "NotInFutureConstraint",
    "Organisation",
    "OrganisationQuerySet",
    "Person",
    "Position",
    "PositionQuerySet",
    "PostgresIndex",
    "Programme",
    "School",
    "SearchIndex",
    "Source",
    "TrainingCentre",
    "agreement_search_document",
    "document_upload_to",
    "quota_phrase",
    "trigram_index",
]

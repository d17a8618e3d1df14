"""Writes to the registry that do more than save the record in hand."""

from django.db import transaction
from django.utils.text import slugify

from partnerships.models import Person


@transaction.atomic
def record_person(*, name):
    """Record a signatory a curator typed in: a new Person of this name, under a slug no one
    else has (a namesake at another organisation is someone else)."""
    base = slugify(name)[:100].strip("-") or "person"
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    person = Person(name=name, slug=slug)
    person.full_clean()
    person.save()
    return person

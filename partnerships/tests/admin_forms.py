"""The admin's agreement change form as a curator sends it back, for the admin tests."""


def agreement_change_form(agreement, **fields):
    """The admin's change form of `agreement` as it is drawn, its parties in their order, sent
    back with `fields` (which may name parties' fields: "parties-0-DELETE")."""
    parties = list(agreement.parties.order_by("position", "pk"))
    data = {
        "kind": agreement.kind,
        "number": agreement.number,
        "title": agreement.title,
        "signed_on": agreement.signed_on.isoformat(),
        "signed_on_precision": agreement.signed_on_precision,
        "seen_version": agreement.version,
        "parties-TOTAL_FORMS": str(len(parties)),
        "parties-INITIAL_FORMS": str(len(parties)),
        "parties-MIN_NUM_FORMS": "2",
        "parties-MAX_NUM_FORMS": "1000",
    }
    for index, party in enumerate(parties):
        data.update(
            {
                f"parties-{index}-id": party.pk,
                f"parties-{index}-agreement": agreement.pk,
                f"parties-{index}-organisation": party.organisation_id,
                f"parties-{index}-role": party.role,
                f"parties-{index}-position": party.position,
                f"parties-{index}-person": party.person_id or "",
                f"parties-{index}-signatory_title": party.signatory_title,
            }
        )
    return {**data, **fields}

"""Statistical disclosure control for counts of people: the cell-key method.

Counts of trainees, many of them minors, are published on the dashboards, the map and in every
report to anyone. A count hidden as "fewer than 5" on its own is not enough: it can be worked
out from what is shown around it (a total minus the other cells, two overlapping year ranges,
a share beside a count, the country minus its provinces). National statistics offices publish
such tables with the cell-key method (ABS TableBuilder, ONS, Eurostat), and so does the portal:

- every trainee carries a record key, a random number from 0 to KEY_SPACE - 1 drawn once when
  the record is made and never shown (`Trainee.record_key`);
- a cell (any count of trainees: a province, a stage, a year, a total) has the key made of
  the sum of its records' keys, modulo KEY_SPACE; the same records give the same key;
- the cell's published value is its true count plus a noise read from a fixed perturbation
  table (PERTURBATION) at that key: the same cell reads the same on every page, filter, format
  and total, so asking again, or another way, teaches nothing new; cells made of different
  records get unrelated noise, so subtracting them does not cancel it;
- totals are cells of their own, perturbed on their own: parts need not add up to totals;
- a published value from 1 to 4 is shown as "fewer than 5"; a true 0 stays 0 (there is nobody
  to protect), and a true 1 or 2 may be published as 0;
- a share (a percentage) is computed from published counts only, and shown only when its
  denominator is at least MIN_DENOMINATOR and its own count is not hidden.

The noise is at most MAX_NOISE either way and averages zero (for true counts of 2 and more;
for 1 it averages zero too, see PERTURBATION), so sums over many cells stay close to the
truth. Who sees exact counts (curators everywhere, an official on their own province's pages)
is decided by the views; organisations, agreements and cohorts are not people and are always
exact. docs/privacy.md explains it for readers.
"""

import dataclasses
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Record keys are drawn from 0 to KEY_SPACE - 1; a cell's key is their sum modulo KEY_SPACE.
KEY_SPACE = 2**16
# A published count below this, but not 0, is shown as "fewer than SMALL_COUNT".
SMALL_COUNT = 5
# A share is shown only when the published count it is a share of is at least this.
MIN_DENOMINATOR = 20
MAX_NOISE = 2

# The perturbation table: for a true count (rows; every count from the last row up uses the
# last row), the probability in thousandths of each noise added to it. The cell key, read as a
# fraction of KEY_SPACE, picks the noise along the cumulative probabilities. Each row's noise
# averages zero and never makes a count negative.
PERTURBATION = {
    0: {0: 1000},
    1: {-1: 300, 0: 450, 1: 200, 2: 50},
    2: {-2: 50, -1: 250, 0: 400, 1: 250, 2: 50},
    3: {-2: 50, -1: 200, 0: 500, 1: 200, 2: 50},
}


@dataclasses.dataclass(frozen=True)
class Cell:
    """A count of people and the sum of their record keys. Cells of disjoint sets of people
    add up to the cell of their union."""

    count: int = 0
    key: int = 0

    def __add__(self, other):
        return Cell(self.count + other.count, self.key + other.key)


EMPTY = Cell()


def cell(count, key_sum):
    """A Cell from a COUNT and a SUM of record keys as the database returns them (the SUM of no
    row is NULL)."""
    return Cell(int(count or 0), int(key_sum or 0))


def noise(count, key):
    """The noise the perturbation table adds to a cell of `count` people with key sum `key`."""
    row = PERTURBATION[min(count, max(PERTURBATION))]
    position = (key % KEY_SPACE) * 1000  # the key as a fraction of KEY_SPACE, in thousandths
    cumulative = 0
    for value, thousandths in row.items():
        cumulative += thousandths
        if position < cumulative * KEY_SPACE:
            return value
    return value  # unreachable: each row sums to 1000


def perturbed(cell):
    """The published value of a cell: its count plus the table's noise at its key."""
    return cell.count + noise(cell.count, cell.key)


@dataclasses.dataclass(frozen=True)
class Number:
    """A figure as shown: `value` is None when it is not shown; `display` is what the page
    says."""

    value: int | Decimal | None
    display: str

    @property
    def hidden(self):
        return self.value is None

    def __str__(self):
        return self.display


def show(value, *, percent=False):
    text = number_format(value, decimal_pos=1 if percent else None, force_grouping=True)
    return Number(value, f"{text}%" if percent else text)


def fewer_than_small():
    return Number(None, _("fewer than %(n)s") % {"n": SMALL_COUNT})


def not_shown():
    return Number(None, _("not shown"))


def people(cell, *, exact):
    """How a count of people is shown: as it is to those who may see it exactly, else its
    published value, "fewer than 5" from 1 to 4."""
    if exact:
        return show(cell.count)
    value = perturbed(cell)
    return fewer_than_small() if 0 < value < SMALL_COUNT else show(value)


def share(part, whole, *, exact):
    """`part` of `whole` (Cells) as a percentage, or None when `whole` is empty. Outside exact
    figures: from the published counts, and not shown when the published whole is below
    MIN_DENOMINATOR or the published part is hidden."""
    if not whole.count:
        return None
    if exact:
        return show(Decimal(part.count * 100) / Decimal(whole.count), percent=True)
    published_part, published_whole = perturbed(part), perturbed(whole)
    if published_whole < MIN_DENOMINATOR or 0 < published_part < SMALL_COUNT:
        return not_shown()
    published_part = min(published_part, published_whole)
    return show(Decimal(published_part * 100) / Decimal(published_whole), percent=True)


def note(*, exact):
    """What the page and every report say about their counts of people."""
    if exact:
        return _(
            "Counts of trainees are exact here: you see them as a curator, or as an official of "
            "this province. Publish the public version of these figures, not this one."
        )
    return _(
        "Counts of trainees are protected, as statistics offices protect tables about people: "
        "each count is changed by a small fixed amount (at most %(noise)s up or down) that is "
        "the same wherever the same count appears; counts below %(small)s are shown as "
        "“fewer than %(small)s”; totals are protected on their own, so parts may not add up "
        "to them exactly; shares are computed from the protected counts and shown only when "
        "at least %(minimum)s trainees are counted."
    ) % {"noise": MAX_NOISE, "small": SMALL_COUNT, "minimum": MIN_DENOMINATOR}

"""The cell-key method of portal.disclosure: the perturbation table, the published values and
the shares, checked exhaustively over every cell key and with hypothesis."""

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal import disclosure
from portal.disclosure import KEY_SPACE, MAX_NOISE, PERTURBATION, SMALL_COUNT, Cell


@pytest.mark.parametrize("count", sorted(PERTURBATION))
def test_each_row_of_the_table_averages_zero_and_stays_in_bounds(count):
    row = PERTURBATION[count]
    assert sum(row.values()) == 1000
    assert sum(noise * share for noise, share in row.items()) == 0  # unbiased
    assert all(abs(noise) <= MAX_NOISE and count + noise >= 0 for noise in row)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 250])
def test_the_keys_pick_each_noise_as_often_as_the_table_says(count):
    """Over every possible cell key, each noise comes up its share of the time (to one key
    in KEY_SPACE): a uniform key gives the table's distribution."""
    seen = Counter(disclosure.noise(count, key) for key in range(KEY_SPACE))
    row = PERTURBATION[min(count, max(PERTURBATION))]
    for noise, thousandths in row.items():
        assert abs(seen[noise] - thousandths * KEY_SPACE / 1000) <= 1, (noise, seen)
    assert set(seen) == set(row)


@given(count=st.integers(min_value=0, max_value=10**7), key=st.integers(min_value=0))
def test_a_published_count_is_never_far_from_the_truth(count, key):
    published = disclosure.perturbed(Cell(count, key))
    assert abs(published - count) <= MAX_NOISE
    assert published >= 0
    if count == 0:
        assert published == 0  # nobody to protect
    # The key counts modulo KEY_SPACE: the same records, however summed, read the same.
    assert disclosure.perturbed(Cell(count, key + 7 * KEY_SPACE)) == published


@given(
    parts=st.lists(
        st.tuples(st.integers(0, 500), st.integers(0, KEY_SPACE - 1)), min_size=1, max_size=8
    )
)
def test_a_cell_of_several_groups_is_the_cell_of_their_union(parts):
    cells = [Cell(n, key) for n, key in parts]
    total = sum(cells, disclosure.EMPTY)
    assert total == Cell(sum(n for n, _k in parts), sum(k for _n, k in parts))


def test_how_counts_are_shown():
    assert disclosure.people(Cell(3, 123), exact=True).value == 3
    for count in range(1, 5):
        for key in range(0, KEY_SPACE, 997):
            shown = disclosure.people(Cell(count, key), exact=False)
            published = disclosure.perturbed(Cell(count, key))
            if 0 < published < SMALL_COUNT:
                assert shown.hidden and shown.display == "kurang dari 5"
            else:
                assert shown.value == published
    assert disclosure.people(Cell(0, 0), exact=False).value == 0


def test_a_share_needs_a_large_enough_whole_and_a_visible_part():
    # Exact: as it is.
    assert disclosure.share(Cell(3, 0), Cell(12, 0), exact=True).value == Decimal(25)
    assert disclosure.share(Cell(0, 0), Cell(0, 0), exact=False) is None
    # Protected: from the published counts, only with MIN_DENOMINATOR of them.
    small_whole = disclosure.share(Cell(9, 0), Cell(12, 0), exact=False)
    assert small_whole.hidden and small_whole.display == "tidak ditampilkan"
    for key in range(0, KEY_SPACE, 1013):
        part, whole = Cell(3, key), Cell(40, key * 3)
        shown = disclosure.share(part, whole, exact=False)
        published_part = disclosure.perturbed(part)
        if 0 < published_part < SMALL_COUNT:
            assert shown.hidden  # a hidden count's share would give it away
        else:
            expected = Decimal(published_part * 100) / Decimal(disclosure.perturbed(whole))
            assert shown.value == expected

"""Cutting lists for statements: ``fixed_pages`` keeps the shapes of multi-row inserts few."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.store.chunks import fixed_pages


@given(st.integers(min_value=0, max_value=5000), st.sampled_from([1, 2, 8, 64, 512]))
def test_pages_cover_the_items_in_order_with_few_sizes(count: int, largest: int) -> None:
    items = list(range(count))
    pages = [list(page) for page in fixed_pages(items, largest)]
    assert [item for page in pages for item in page] == items
    sizes = [len(page) for page in pages]
    assert all(size > 0 and size & (size - 1) == 0 and size <= largest for size in sizes)
    smaller = [size for size in sizes if size < largest]
    assert len(smaller) == len(set(smaller))  # each smaller size once: one bit of the rest


def test_a_batch_of_any_size_uses_at_most_ten_statement_shapes() -> None:
    shapes = {len(page) for count in range(1, 4001) for page in fixed_pages(range(count))}
    assert shapes == {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}

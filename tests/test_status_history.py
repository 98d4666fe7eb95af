"""The commit graph questions of ``History``, against a plain walk of the parents."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from glossary.status.changes import Touching
from glossary.status.history import History


@st.composite
def _graphs(draw: st.DrawFn) -> list[tuple[int, ...]]:
    """Parents by commit number, oldest first: each parent numbered below its child; roots, merges."""
    count = draw(st.integers(1, 40))
    parents: list[tuple[int, ...]] = []
    for number in range(count):
        if number == 0 or draw(st.integers(0, 9)) == 0:
            parents.append(())
            continue
        chosen = draw(st.lists(st.integers(0, number - 1), min_size=1, max_size=3, unique=True))
        parents.append(tuple(chosen))
    return parents


def _first_parent_chain(parents: list[tuple[int, ...]], newer: int) -> set[int]:
    chain = {newer}
    while parents[newer]:
        newer = parents[newer][0]
        chain.add(newer)
    return chain


@given(_graphs(), st.data())
def test_on_first_parents_is_a_walk_down_the_first_parents(parents: list[tuple[int, ...]], data: st.DataObject) -> None:
    """Asked before and after more commits are added, as a kept history brought up to date is."""
    known = data.draw(st.integers(1, len(parents)))
    history = History(None, [f"{n:040x}" for n in range(len(parents))], parents[:known])
    for count in (known, len(parents)):
        history.parents[known:] = parents[known:count]
        numbers = st.integers(0, count - 1)
        for older, newer in data.draw(st.lists(st.tuples(numbers, numbers), min_size=1, max_size=40)):
            assert history.on_first_parents(older, newer) == (older in _first_parent_chain(parents, newer))


@given(_graphs(), st.data())
def test_since_is_what_one_commit_reaches_and_the_other_does_not(
    parents: list[tuple[int, ...]], data: st.DataObject
) -> None:
    """``git rev-list OLD..NEW``: the ancestors of NEW (itself included) less those of OLD."""
    history = History(None, [f"{n:040x}" for n in range(len(parents))], parents)
    old, new = (data.draw(st.integers(0, len(parents) - 1)) for _ in range(2))
    masks = history.ancestors([old, new])
    expected = [n for n in range(len(parents)) if masks[new] >> n & 1 and not masks[old] >> n & 1]
    assert history.since(old, new) == expected[::-1]


_PATHS = st.dictionaries(st.binary(min_size=1, max_size=12), st.lists(st.integers(0, 99), min_size=1), max_size=30)


@given(_PATHS, _PATHS, st.lists(st.binary(max_size=12), max_size=10))
def test_touching_kept_in_blobs_answers_as_the_paths_it_was_made_from(
    kept: dict[bytes, list[int]], added: dict[bytes, list[int]], asked: list[bytes]
) -> None:
    """Read back from its blobs, asked before and after commits add paths, and stored again."""
    touching = Touching(buckets=Touching({path: list(commits) for path, commits in kept.items()}).buckets())
    for path in asked:
        assert list(touching.get(path)) == kept.get(path, [])
    expected = {path: list(commits) for path, commits in kept.items()}
    for path, commits in added.items():
        touching.setdefault(path, []).extend(commits)
        expected.setdefault(path, []).extend(commits)
    again = Touching(buckets=touching.buckets())
    for path in [*expected, *asked]:
        assert list(again.get(path)) == expected.get(path, [])

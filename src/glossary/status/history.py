"""The commit graph of a repository as ``status`` reads it: one pass of ``git log``, kept between runs.

Two ``git log --topo-order --raw`` processes run side by side: one lists every commit that is not a
merge with the files it changed (blob ids before and after, renames found with ``-M``), the other
every merge with the files it changed against its first parent (no rename search: that is what
makes a merge's diff costly, and a rename that came through a merge is found on its side branch).

Commits are numbered from the oldest (0) in topological order, so a parent always has a smaller
number than its children, HEAD has the largest, and a later run appends the commits of
``OLD..HEAD`` after the ones it kept. ``last_change`` walks back from a commit as ``git log -1 --
PATH`` does with its default history simplification: along first parents, and at a merge that
changed the file against its first parent, into the first other parent that has the same content.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from glossary.status import git
from glossary.status.changes import Change, Changes, Touching


class FirstParents:
    """The tree of first parents cut into lines: a commit goes on its first parent's line when it is
    the first child to do so, else starts a line that forks from that parent. Whether a commit is on
    another's chain of first parents is then a few hops from line to line, and a new commit costs
    one step (the lines are extended, not made again, when commits are added)."""

    def __init__(self) -> None:
        self.line: list[int] = []  # by commit: its line
        self.depth: list[int] = []  # by commit: how many first parents below it
        self.fork: list[int] = []  # by line: the commit it forks from (-1 for a root's)
        self.last: list[int] = []  # by line: its newest commit so far

    def extend(self, parents: list[tuple[int, ...]]) -> None:
        """Place the commits of ``parents`` not placed yet (a parent's number is below its child's)."""
        line, depth, fork, last = self.line, self.depth, self.fork, self.last
        for number in range(len(line), len(parents)):
            first = parents[number][0] if parents[number] else -1
            if first >= 0 and last[line[first]] == first:
                line.append(line[first])
                last[line[first]] = number
            else:
                line.append(len(fork))
                fork.append(first)
                last.append(number)
            depth.append(depth[first] + 1 if first >= 0 else 0)

    def holds(self, older: int, newer: int) -> bool:
        """Whether ``older`` is ``newer`` or on its chain of first parents."""
        line, at = self.line[older], newer
        while self.line[at] != line:
            at = self.fork[self.line[at]]
            if at < older:  # -1 included: the chain ended
                return False
        return self.depth[older] <= self.depth[at]


@dataclass
class History:
    """Every commit reachable from ``head``, oldest first, with the files each one changed."""

    head: str | None = None
    shas: list[str] = field(default_factory=list)
    parents: list[tuple[int, ...]] = field(default_factory=list)
    times: list[int] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    touching: Touching = field(default_factory=Touching)
    _ids: dict[str, int] | None = None
    _first: FirstParents = field(default_factory=lambda: FirstParents())  # shared with the views (``within``)
    limit: int | None = None  # in a view of an older commit (``within``): the commits it reaches
    _by_path: dict[int, dict[bytes, Change]] = field(default_factory=dict)
    # The commits whose message holds one of some texts (``ignore_commits``): the texts, the commits.
    message_matches: tuple[tuple[str, ...], frozenset[int]] | None = None

    def within(self, sha: str) -> History:
        """This history as seen from ``sha``, one of its commits: a view whose HEAD is ``sha``, sharing the lists."""
        from dataclasses import replace

        number = self.id_of(sha)
        if number is None:
            raise ValueError(f"{sha} is not in this history")
        return replace(self, head=sha, limit=self.ancestors([number])[number])

    def id_of(self, sha: str) -> int | None:
        """The number of the commit ``sha`` (a full hash), None when HEAD cannot reach it."""
        if self._ids is None:
            self._ids = {sha: number for number, sha in enumerate(self.shas)}
        return self._ids.get(sha)

    @property
    def tip(self) -> int | None:
        """The number of HEAD."""
        return len(self.shas) - 1 if self.shas else None

    def is_merge(self, commit: int) -> bool:
        return len(self.parents[commit]) > 1

    def append(self, records: Iterable[tuple[str, list[str], int, str, list[Change]]]) -> None:
        """Add commits given oldest first (each after its parents)."""
        ids = self._ids if self._ids is not None else {sha: number for number, sha in enumerate(self.shas)}
        touching = self.touching
        for sha, parents, time, subject, changes in records:
            number = len(self.shas)
            ids[sha] = number
            self.shas.append(sha)
            self.parents.append(tuple(ids[parent] for parent in parents if parent in ids))
            self.times.append(time)
            self.subjects.append(subject)
            self.changes.append(changes)
            for change in changes:
                touching.setdefault(change.new, []).append(number)
                if change.old != change.new:
                    touching.setdefault(change.old, []).append(number)
        self._ids = ids

    def change_of(self, commit: int, path: bytes) -> Change | None:
        """How ``commit`` changed the file at ``path`` (for a rename, the change that made ``path``)."""
        changes = self.changes[commit]
        if len(changes) <= 16:
            for change in changes:
                if change.new == path:
                    return change
            return None
        by_path = self._by_path.get(commit)
        if by_path is None:  # a merge's diff can hold thousands of files: looked up by path
            by_path = self._by_path[commit] = {change.new: change for change in reversed(changes)}
        return by_path.get(path)

    def on_first_parents(self, older: int, newer: int) -> bool:
        """Whether ``older`` is ``newer`` or on its chain of first parents."""
        first = self._first
        if len(first.line) < len(self.parents):
            first.extend(self.parents)
        return first.holds(older, newer)

    def first_touch(self, commit: int, path: bytes) -> int | None:
        """The newest commit on ``commit``'s chain of first parents whose own changes touch ``path``."""
        first = self._first
        if len(first.line) < len(self.parents):
            first.extend(self.parents)
        holds = first.holds  # ``on_first_parents``, without a call more for every commit tried
        for touched in reversed(self.touching.get(path, ())):
            if touched <= commit and holds(touched, commit):
                return touched
        return None

    def blob_at(self, commit: int, path: bytes) -> bytes | None:
        """The blob at ``path`` in ``commit``, None when there is no file there."""
        touched = self.first_touch(commit, path)
        if touched is None:
            return None
        change = self.change_of(touched, path)
        return change.new_blob if change is not None and change.status != "D" else None

    def last_change(self, path: bytes, blob: bytes, start: int) -> int | None:
        """The commit ``git log -1 START -- PATH`` names: the last one that changed ``path``, whose content
        there is ``blob``. A merge only when it differs from every parent (it resolved a conflict there)."""
        at = start
        while True:
            touched = self.first_touch(at, path)
            if touched is None or not self.is_merge(touched):
                return touched
            for parent in self.parents[touched][1:]:
                if self.blob_at(parent, path) == blob:
                    at = parent
                    break
            else:
                return touched

    def ancestors(self, commits: Iterable[int]) -> dict[int, int]:
        """For each of ``commits``, the set of its ancestors (itself included) as a bit mask over commit numbers.

        One pass from the oldest commit up; a mask is dropped once every child has read it, so a
        long history holds only the masks of its open branches.
        """
        wanted = set(commits)
        if not wanted:
            return {}
        last = max(wanted)
        pending = [0] * (last + 1)
        for number in range(last + 1):
            for parent in self.parents[number]:
                pending[parent] += 1
        masks: dict[int, int] = {}
        found: dict[int, int] = {}
        for number in range(last + 1):
            mask = 1 << number
            for parent in self.parents[number]:
                mask |= masks[parent]
                pending[parent] -= 1
                if pending[parent] == 0 and parent not in wanted:
                    del masks[parent]
            masks[number] = mask
            if number in wanted:
                found[number] = mask
            if pending[number] == 0 and number not in wanted:
                del masks[number]
        return found

    def since(self, old: int, new: int) -> list[int]:
        """The commits ``new`` reaches and ``old`` does not (``git rev-list OLD..NEW``), newest first.

        A walk down from both at once, newest commit first: a commit's children all come before it,
        so its mark (reached from ``old`` or not) is final when it is taken. It ends when nothing
        left to take is new: a commit or two after a kept HEAD, not the whole history."""
        import heapq

        marks = {new: True, old: False}  # True: reached from ``new`` only
        waiting = [-new, -old] if old != new else [-old]
        heapq.heapify(waiting)
        fresh = 1 if old != new else 0  # the commits waiting that only ``new`` reaches
        found = []
        while fresh:
            number = -heapq.heappop(waiting)
            only_new = marks[number]
            if only_new:
                fresh -= 1
                found.append(number)
            for parent in self.parents[number]:
                mark = marks.get(parent)
                if mark is None:
                    marks[parent] = only_new
                    heapq.heappush(waiting, -parent)
                    fresh += only_new
                elif mark and not only_new:
                    marks[parent] = False
                    fresh -= 1
        return found

    def mask_of(self, paths: Iterable[bytes]) -> int:
        """The commits that are not merges and touched any of ``paths``, as a bit mask."""
        mask = 0
        for path in paths:
            for commit in self.touching.get(path, ()):
                if len(self.parents[commit]) <= 1:
                    mask |= 1 << commit
        return mask if self.limit is None else mask & self.limit

    def commits_in(self, mask: int) -> list[int]:
        """The commit numbers of a mask, newest first."""
        found = []
        while mask:
            top = mask.bit_length() - 1
            found.append(top)
            mask ^= 1 << top
        return found


LOG_ARGS = ["log", "-z", git.COMMIT_FORMAT, "--raw", "--no-abbrev", "--topo-order", "--no-color", "--no-ext-diff"]
COMMITS = ["--no-merges", "-M"]
MERGES = ["--merges", "--diff-merges=first-parent", "--no-renames"]

Record = tuple[str, list[str], int, str, list[Change]]


def read_log(repository: git.Repository, since: str | None = None) -> list[Record]:
    """The commits of ``since..HEAD`` (every commit without ``since``), oldest first: two git processes at once."""
    from threading import Thread

    if repository.head is None:
        return []
    revisions = [f"{since}..{repository.head}" if since else repository.head, "--"]
    merges: list[Record] = []
    failure: list[BaseException] = []

    def read_merges() -> None:
        try:
            merges.extend(parse_log(git.stream([*LOG_ARGS, *MERGES, *revisions], repository.top)))
        except BaseException as error:  # handed to the main thread
            failure.append(error)

    reader = Thread(target=read_merges, daemon=True)
    reader.start()
    commits = list(parse_log(git.stream([*LOG_ARGS, *COMMITS, *revisions], repository.top)))
    reader.join()
    if failure:
        raise failure[0]
    return _oldest_first(commits, merges)


def commits_saying(repository: git.Repository, texts: tuple[str, ...], since: str | None = None) -> list[str]:
    """The commits of ``since..HEAD`` (every commit without ``since``) whose message holds one of
    ``texts``, in any case (``git log --grep -i -F``)."""
    if not texts or repository.head is None:
        return []
    revision = f"{since}..{repository.head}" if since else repository.head
    args = ["log", "--format=%H", "-i", "-F", *(f"--grep={text}" for text in texts), revision, "--"]
    return git.output(args, repository.top).decode("ascii", "replace").split()


def _oldest_first(commits: list[Record], merges: list[Record]) -> list[Record]:
    """Both lists (newest first) as one, oldest first, each commit after its parents."""
    if not merges:
        commits.reverse()
        return commits
    records = {record[0]: record for record in commits}
    records.update((record[0], record) for record in merges)
    order: list[Record] = []
    placed: set[str] = set()
    for sha in records:
        if sha in placed:
            continue
        stack = [(sha, False)]
        while stack:
            current, expanded = stack.pop()
            if current in placed:
                continue
            record = records[current]
            if expanded:
                placed.add(current)
                order.append(record)
                continue
            stack.append((current, True))
            stack.extend(
                (parent, False) for parent in reversed(record[1]) if parent in records and parent not in placed
            )
    return order


def parse_log(chunks: Iterable[bytes]) -> Iterator[tuple[str, list[str], int, str, list[Change]]]:
    """Commits of ``git log -z --raw`` in ``COMMIT_FORMAT``, newest first, each with its changes.

    A raw line is ``:MODE MODE OLD NEW STATUS`` then one path, or two for a rename or copy; the parser
    keeps track of which it reads, so a path can hold any byte.
    """
    tokens = git.fields(chunks)
    header: tuple[str, list[str], int, str] | None = None
    changes: list[Change] = []
    for token in tokens:
        token = token.lstrip(b"\n")
        if token.startswith(b"\x1e"):
            if header is not None:
                yield (*header, changes)
            sha, parents, time, subject = token[1:].split(b"\x1f", 3)
            header = (sha.decode("ascii"), parents.decode("ascii").split(), int(time or 0), _text(subject))
            changes = []
        elif token.startswith(b":"):
            parts = token[1:].split(b" ")
            old_blob, new_blob, status = parts[2], parts[3], parts[4][:1].decode("ascii")
            first = next(tokens)
            second = next(tokens) if status in ("R", "C") else first
            changes.append(Change(status, first, second, old_blob, new_blob))
    if header is not None:
        yield (*header, changes)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")

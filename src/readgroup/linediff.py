"""The unified diff `--dry-run` prints, in time that grows with the file, not its square.

difflib's matcher looks for the longest common run over the whole file, again and again: a
reschedule of 20,000 papers (every date line changed, 200,000 lines) took more than 40 minutes.
Above a few thousand lines the matching lines are found the way "patience diff" does (git,
bzr): lines that occur once in each file anchor the match (the longest run of them in the same
order), and difflib matches only the short stretches between two anchors. difflib has no
anchored matcher, so this part is written here; the diff's text is difflib's own format.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Iterator, Sequence

SMALL = 2000  # lines: below this, difflib's matcher alone (fast enough, and its usual output)


def unified_diff(old: Sequence[str], new: Sequence[str], fromfile: str, tofile: str) -> Iterator[str]:
    """As difflib.unified_diff(old, new, fromfile, tofile) with three lines of context."""
    if max(len(old), len(new)) <= SMALL:
        yield from difflib.unified_diff(old, new, fromfile, tofile)
        return
    matcher = _AnchoredMatcher(old, new)
    started = False
    for group in matcher.get_grouped_opcodes(3):
        if not started:  # as difflib.unified_diff writes the header
            started = True
            yield f"--- {fromfile}\n"
            yield f"+++ {tofile}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in old[i1:i2])
                continue
            if tag in ("replace", "delete"):
                yield from ("-" + line for line in old[i1:i2])
            if tag in ("replace", "insert"):
                yield from ("+" + line for line in new[j1:j2])


def _range(start: int, stop: int) -> str:
    """difflib's _format_range_unified."""
    beginning = start + 1
    length = stop - start
    if length == 1:
        return f"{beginning}"
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


class _AnchoredMatcher(difflib.SequenceMatcher[str]):
    """difflib's matcher, its matching blocks found by `_matching_blocks` (get_opcodes and
    get_grouped_opcodes ask for them through get_matching_blocks)."""

    def __init__(self, old: Sequence[str], new: Sequence[str]) -> None:
        super().__init__(None, old, new, autojunk=False)
        self._old, self._new = old, new
        self._blocks: list[difflib.Match] | None = None

    def get_matching_blocks(self) -> list[difflib.Match]:
        if self._blocks is None:
            self._blocks = _matching_blocks(self._old, self._new)
        return self._blocks


def _matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[difflib.Match]:
    blocks: list[tuple[int, int, int]] = []
    i0 = j0 = 0
    for i, j in [*_anchors(a, b), (len(a), len(b))]:
        gap = difflib.SequenceMatcher(None, a[i0:i], b[j0:j], autojunk=False)
        blocks.extend((i0 + x, j0 + y, size) for x, y, size in gap.get_matching_blocks() if size)
        if i < len(a):
            blocks.append((i, j, 1))
        i0, j0 = i + 1, j + 1
    merged: list[list[int]] = []
    for i, j, size in blocks:  # adjacent runs as one, as difflib leaves them
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1][2] += size
        else:
            merged.append([i, j, size])
    return [difflib.Match(i, j, size) for i, j, size in merged] + [difflib.Match(len(a), len(b), 0)]


def _anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Lines found once in each, as (i, j): the longest run increasing in both (patience sorting)."""
    in_a, in_b = Counter(a), Counter(b)
    where_b = {line: j for j, line in enumerate(b) if in_b[line] == 1}
    pairs = [(i, where_b[line]) for i, line in enumerate(a) if in_a[line] == 1 and line in where_b]
    tails: list[int] = []  # tails[k]: the smallest j ending an increasing run of length k + 1
    ends: list[int] = []  # the pair index at tails[k]
    before: list[int] = []  # each pair's predecessor in its run
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        before.append(ends[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[k] = j
            ends[k] = index
    run: list[tuple[int, int]] = []
    at = ends[-1] if ends else -1
    while at != -1:
        run.append(pairs[at])
        at = before[at]
    return run[::-1]

"""What Tab offers for a paper: one rule for Typer's completion (cli/complete.py, from the TOML
as parsed) and the fast path's (fast/complete.py, from the snapshot), so both offer the same.

Pure and cheap to import: the fast path imports it without Typer.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

Candidates = list[tuple[str, str]]  # (value, help shown by zsh and fish)


def matching(candidates: Candidates, incomplete: str) -> Candidates:
    """Case-insensitive prefix match, offered as spelled (Typer then keeps the exact-prefix ones,
    so a lower-case id also matches 'Fast' when the title does)."""
    wanted = incomplete.casefold()
    return [(value, help_) for value, help_ in candidates if value.casefold().startswith(wanted)]


def papers(found: Iterable[tuple[str, str, str | None]], incomplete: str) -> Candidates:
    """Paper ids (with the title and date as help), then titles once what is typed matches one.

    `found`: (id, title, date as YYYY-MM-DD or None) of each paper, in file order.
    """
    rows = list(found)
    ids = [(id_, f"{title}, {date or 'TBD'}") for id_, title, date in rows if id_]
    titles = [(title, id_) for id_, title, _ in rows if title and title != id_]
    return matching(ids, incomplete) + [(v, h) for v, h in titles if incomplete and v.startswith(incomplete)]

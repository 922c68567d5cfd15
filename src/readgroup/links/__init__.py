"""Link health: which links of the syllabus still work, checked concurrently and politely.

`collect` lists every use of every link; `check_links` is the one call a command needs: it
reads the cache, checks the rest (`check.check`), saves what is worth keeping and returns a
`Report` that is safe to show (no credentials in any URL).
"""

from __future__ import annotations

from .collect import collect, collect_plain
from .report import VERDICTS, LinkUse, Report, Result, Settings, Verdict
from .run import check_links

__all__ = [
    "VERDICTS",
    "LinkUse",
    "Report",
    "Result",
    "Settings",
    "Verdict",
    "check_links",
    "collect",
    "collect_plain",
]

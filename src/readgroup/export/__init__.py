"""The syllabus in other formats: pure renderers from a `Syllabus` to text or bytes.

`ics` (calendar feeds), `markdown` (tables for a group site), `csv` (a spreadsheet) and `html`
(the group's page). The CLI decides where the output goes.
"""

from __future__ import annotations

from .csv import csv_text
from .ics import calendar, ics, parse_duration, session_uid
from .markdown import MarkdownLayout, escape_markdown, markdown

__all__ = [
    "MarkdownLayout",
    "calendar",
    "csv_text",
    "escape_markdown",
    "ics",
    "markdown",
    "parse_duration",
    "session_uid",
]

"""`readgroup import`: a schedule page (Markdown) or spreadsheet (CSV) into syllabus data.

page     the page's tables, headings, front matter and link definitions (markdown-it-py, csv)
cells    one cell's lines of text and links; titles and presenters read from them
dates    dates as pages write them; day order and year
columns  what each column is for, from its header
rows     a table's rows into draft papers and days without a meeting
group    what the page says about the group
ids      readable unique ids
assembly all of it into syllabus data;  output  TOML text, validated
"""

from __future__ import annotations

from .assembly import ACCEPTED_DATES, DEFAULT_ICON_KINDS, Imported, ImportProblem, import_page, import_source
from .ids import slug
from .output import ImportInvalid, to_toml, validated_toml
from .page import split_cells

__all__ = [
    "ACCEPTED_DATES",
    "DEFAULT_ICON_KINDS",
    "ImportInvalid",
    "ImportProblem",
    "Imported",
    "import_page",
    "import_source",
    "slug",
    "split_cells",
    "to_toml",
    "validated_toml",
]

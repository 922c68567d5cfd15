"""The imported syllabus as a file a lead can read and edit, checked before anything is
written: what `readgroup import` hands to the CLI to write."""

from __future__ import annotations

from ..errors import DataFileError, ExitCode, ReadgroupError
from .assembly import Imported


class ImportInvalid(ReadgroupError):
    """The import gave a file the loader rejects (a bug in the importer, or a page it misread)."""

    exit_code = ExitCode.DATA


def validated_toml(imported: Imported, source: str, target: str = "the imported syllabus") -> str:
    """to_toml, then the same checks `validate` runs; raises ImportInvalid with every problem."""
    from ..loader import parse_toml, validate

    text = to_toml(imported, source)
    try:
        validate(parse_toml(text, target), text, target)
    except DataFileError as exc:
        raise ImportInvalid(
            f"the imported syllabus would not be valid; nothing was written\n{exc.message}"
        ) from None
    return text


def to_toml(imported: Imported, source: str) -> str:
    """The imported syllabus as a file a lead can read and edit: the notes as comments on top.
    Written line by line with tomlkit quoting each value (tomlkit building a whole document
    costs seconds at 5,000 papers)."""
    from ..editing import toml_value

    data = imported.data
    out = [f"# Imported from {source} by `readgroup import`."]
    if imported.notes:
        out.append("# Check these notes from the import:")
        out += [f"#   - {note}" for note in imported.notes]
    out += ["", "[group]"]
    out += [f"{key} = {toml_value(value)}" for key, value in data["group"].items() if key != "links"]
    if data["group"].get("links"):
        out += [
            "",
            "[group.links]",
            *(f"{toml_value(k)} = {toml_value(v)}" for k, v in data["group"]["links"].items()),
        ]
    for track in data["tracks"]:
        out += ["", "[[tracks]]", *(f"{key} = {toml_value(value)}" for key, value in track.items())]
    for skip in data.get("skips", []):
        out += ["", "[[skips]]", *(f"{key} = {toml_value(value)}" for key, value in skip.items())]
    for paper in data["papers"]:
        out += ["", "[[papers]]"]
        out += [f"{key} = {toml_value(value)}" for key, value in paper.items() if key != "links"]
        if paper["links"]:
            out.append("[papers.links]")
            out += [f"{kind} = {toml_value(url)}" for kind, url in paper["links"].items()]
    return "\n".join(out) + "\n"

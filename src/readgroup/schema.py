"""The JSON Schema of `papers.toml`, generated from the Pydantic models, for TOML editors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .models import LINK_KINDS, Syllabus


def json_schema(link_kinds: Sequence[str] = ()) -> dict[str, Any]:
    """The schema for a syllabus whose group declares `link_kinds` (none: the built-in ones).

    JSON Schema cannot read the allowed kinds from `[group] link_kinds` in the same document,
    so a group's own kinds are written into its schema: editors then complete them and flag a
    typo against them, as `validate` does.
    """
    own = [kind for kind in dict.fromkeys(link_kinds) if kind not in LINK_KINDS]
    schema = Syllabus.model_json_schema()
    links = schema["$defs"]["Links"]
    links["additionalProperties"] = False  # the models keep a group's own kinds as extra fields
    for kind in own:
        links["properties"][kind] = {"type": "string", "description": "A link kind of this group's own."}
    if own:
        _extend_kind_enums(schema, [*LINK_KINDS, *own])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "readgroup syllabus (papers.toml)",
        "description": "A reading group's weekly paper syllabus. See `readgroup --help`.",
    }


def _extend_kind_enums(node: Any, kinds: list[str]) -> None:
    """Every `enum` of the built-in link kinds (group.required, papers.required) gets `kinds`."""
    if isinstance(node, dict):
        if node.get("enum") == list(LINK_KINDS):
            node["enum"] = list(kinds)
        for value in node.values():
            _extend_kind_enums(value, kinds)
    elif isinstance(node, list):
        for value in node:
            _extend_kind_enums(value, kinds)

"""The JSON Schema of `papers.toml`, generated from the Pydantic models, for TOML editors."""

from __future__ import annotations

from typing import Any

from .models import Syllabus


def json_schema() -> dict[str, Any]:
    schema = Syllabus.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "readgroup syllabus (papers.toml)",
        "description": "A reading group's weekly paper syllabus. See `readgroup --help`.",
    }

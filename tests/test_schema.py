"""`readgroup schema` describes the file: the shipped syllabus passes, a typo does not."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from typing import Any

import pytest
from conftest import DATA, ROOT, invoke
from jsonschema import Draft202012Validator

SCHEMA_FILE = ROOT / "data" / "papers.schema.json"


def _as_json(value: Any) -> Any:
    """TOML dates and times become strings, as a TOML editor hands them to the schema."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    result = invoke("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Draft202012Validator, text: str) -> list[str]:
    return [error.message for error in validator.iter_errors(_as_json(tomllib.loads(text)))]


def test_the_shipped_syllabus_is_valid(validator: Draft202012Validator) -> None:
    assert _errors(validator, DATA.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("slides = ", "slide = ", "'slide' was unexpected"),
        ('weekday = "thursday"', 'weekday = "thurzday"', "'thurzday' is not one of"),
        ("date = 2018-03-15", 'date = "soon"', "'soon' is not valid"),
        ('title = "NIN"', "title = 3", "3 is not of type 'string'"),
    ],
)
def test_a_mistake_is_caught(validator: Draft202012Validator, old: str, new: str, expected: str) -> None:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    errors = _errors(validator, text.replace(old, new, 1))
    assert any(expected in message for message in errors), errors


def test_tbd_dates_and_co_presenters_are_allowed(validator: Draft202012Validator) -> None:
    text = DATA.read_text(encoding="utf-8").replace(
        'title = "NIN"', 'title = "NIN"\npresenter = ["Alice", "Bob"]', 1
    )
    assert 'date = "TBD"' in text
    assert _errors(validator, text) == []


def test_the_schema_in_the_repository_is_up_to_date() -> None:
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json.loads(invoke("schema").stdout)
    assert DATA.read_text(encoding="utf-8").startswith("#:schema ./papers.schema.json\n")

"""Random and mutated pages into `import`: a syllabus that passes validation, or one of our
own errors; never another exception. A bounded budget here; benchmarks/import_fuzz.py runs
thousands of cases and reports the slowest."""

from __future__ import annotations

from typing import Any

from fuzz_pages import OPTIONS, built_pages, csv_sheets, mutated_pages
from hypothesis import HealthCheck, given, settings

from readgroup.errors import UsageError
from readgroup.importer import ImportProblem, import_page, validated_toml

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _import_or_our_error(text: str, options: dict[str, Any], *, csv: bool = False) -> None:
    try:
        imported = import_page(text, csv=csv, **options)
    except (ImportProblem, UsageError) as exc:
        assert str(exc)  # a message for the user
        return
    validated_toml(imported, "page.md")  # raises ImportInvalid if the importer wrote a bad file
    assert imported.data["papers"]


@FUZZ
@given(built_pages(), OPTIONS)
def test_built_pages_give_a_syllabus_or_our_error(text: str, options: dict[str, Any]) -> None:
    _import_or_our_error(text, options)


@FUZZ
@given(mutated_pages(), OPTIONS)
def test_mutated_real_pages_give_a_syllabus_or_our_error(text: str, options: dict[str, Any]) -> None:
    _import_or_our_error(text, options)


@FUZZ
@given(csv_sheets(), OPTIONS)
def test_random_sheets_give_a_syllabus_or_our_error(text: str, options: dict[str, Any]) -> None:
    _import_or_our_error(text, options, csv=True)

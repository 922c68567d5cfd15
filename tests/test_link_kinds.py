"""A group's own link kinds (`[group] link_kinds`) everywhere a built-in kind goes, and typos
against them get a did-you-mean; the JSON Schema passes Taplo and jsonschema's format checks."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, invoke
from jsonschema import Draft202012Validator

OWN_KINDS = """\
#:schema ./papers.schema.json
[group]
name = "Vision Club"
timezone = "Europe/Berlin"
weekday = "tuesday"
start_time = 18:30:00
end_time = 20:00:00
required = ["paper", "colab"]
link_kinds = ["colab", "blog"]

[[tracks]]
id = "cnn"
name = "CNN"

[[papers]]
id = "resnet"
title = "ResNet"
track = "cnn"
date = 2026-03-03
[papers.links]
paper = "https://arxiv.org/abs/1512.03385"
colab = "https://colab.research.google.com/drive/resnet"

[[papers]]
id = "vit"
title = "ViT"
track = "cnn"
date = 2026-03-10
required = ["blog"]
[papers.links]
paper = "https://arxiv.org/abs/2010.11929"
"""


@pytest.fixture
def own(tmp_path: Path) -> Path:
    path = tmp_path / "papers.toml"
    path.write_text(OWN_KINDS, encoding="utf-8")
    return path


def run(path: Path, *args: str) -> Any:
    return invoke("--file", str(path), "--today", "2026-03-01", *args)


def test_declared_kinds_validate_and_show_up_in_reports(own: Path) -> None:
    assert run(own, "validate", "--strict").exit_code == 0
    schedule = json.loads(run(own, "schedule", "--json").stdout)
    resnet, vit = (paper for session in schedule["sessions"] for paper in session["papers"])
    assert resnet["links"]["colab"] == "https://colab.research.google.com/drive/resnet"
    assert resnet["missing"] == [] and vit["missing"] == ["blog"]
    assert schedule["group"]["link_kinds"] == ["colab", "blog"]
    progress = json.loads(run(own, "progress", "--json").stdout)
    assert progress["links"]["colab"] == {"present": 1, "total": 2}
    assert progress["links"]["blog"] == {"present": 0, "total": 2}
    missing = json.loads(run(own, "missing", "--kind", "blog", "--json").stdout)
    assert [entry["paper"] for entry in missing] == ["vit"]
    opened = run(own, "open", "resnet", "colab", "--print")
    assert opened.exit_code == 0 and opened.stdout == "https://colab.research.google.com/drive/resnet\n"
    assert "colab" in run(own, "show", "resnet").stdout
    csv_head = run(own, "export", "csv").stdout.splitlines()[0]
    assert csv_head.endswith("notes,colab,blog,missing")


def test_set_link_takes_a_declared_kind(own: Path) -> None:
    result = run(own, "set-link", "vit", "blog", "https://example.org/vit-explained")
    assert result.exit_code == 0, result.output
    assert 'blog = "https://example.org/vit-explained"' in own.read_text(encoding="utf-8")
    assert json.loads(run(own, "missing", "--json").stdout) == []


@pytest.mark.parametrize(
    "args",
    [
        ("set-link", "vit", "colb", "https://colab.research.google.com/x"),
        ("missing", "--kind", "colb"),
        ("open", "resnet", "colb"),
    ],
)
def test_a_typo_on_the_command_line_gets_a_did_you_mean(own: Path, args: tuple[str, ...]) -> None:
    result = run(own, *args)
    assert result.exit_code == 2
    assert "unknown link kind 'colb', did you mean 'colab'?" in result.stderr


def test_a_typo_in_the_file_gets_a_did_you_mean(own: Path) -> None:
    own.write_text(
        OWN_KINDS.replace('colab = "', 'colb = "').replace('["blog"]', '["blgo"]'), encoding="utf-8"
    )
    result = run(own, "validate")
    assert result.exit_code == 3
    assert f"{own}:22: papers[0].links.colb: unknown link kind, did you mean 'colab'?" in result.stderr
    assert (
        f"{own}:29: papers[1].required[0]: 'blgo' is not a link kind, did you mean 'blog'?" in result.stderr
    )


def test_an_undeclared_kind_says_where_to_declare_it(own: Path) -> None:
    own.write_text(OWN_KINDS.replace('colab = "', 'podcast = "'), encoding="utf-8")
    result = run(own, "validate")
    assert result.exit_code == 3
    assert "papers[0].links.podcast: unknown link kind (expected one of: paper, slides" in result.stderr
    assert "a kind of your own goes in [group] link_kinds)" in result.stderr


def test_built_in_kinds_still_catch_typos_in_the_shipped_file(edited: Any) -> None:
    path = edited("slides = ", "slide = ")
    result = invoke("--file", str(path), "validate")
    assert result.exit_code == 3 and "unknown link kind, did you mean 'slides'?" in result.stderr


# -- the JSON Schema ------------------------------------------------------------------------------


def _as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def schema_for(path: Path) -> dict[str, Any]:
    result = invoke("--file", str(path), "schema")
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def test_the_schema_of_a_group_lists_its_own_kinds(own: Path) -> None:
    schema = schema_for(own)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = _as_json(tomllib.loads(OWN_KINDS))
    assert list(validator.iter_errors(data)) == []
    data["papers"][0]["links"]["colb"] = "https://example.org"
    assert ["Additional properties are not allowed ('colb' was unexpected)"] == [
        error.message for error in validator.iter_errors(data)
    ]


def test_times_are_local_times_in_the_schema() -> None:
    schema = json.loads(invoke("schema").stdout)
    start = schema["$defs"]["Group"]["properties"]["start_time"]
    assert start["format"] != "time"  # JSON Schema's time needs an offset; TOML local times have none
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = _as_json(tomllib.loads(DATA.read_text(encoding="utf-8")))
    assert list(validator.iter_errors(data)) == []
    data["group"]["start_time"] = "25:00:00"
    assert [e.message for e in validator.iter_errors(data)] == [
        "'25:00:00' does not match '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\\\.[0-9]+)?)?$'"
    ]


# -- Taplo, the TOML editors' checker -------------------------------------------------------------

TAPLO = Path(sys.executable).with_name("taplo")


def taplo(folder: Path, name: str = "papers.toml") -> subprocess.CompletedProcess[str]:
    # The file's `#:schema ./papers.schema.json` line points Taplo at the schema beside it.
    return subprocess.run(
        [str(TAPLO), "lint", "--no-auto-config", name],
        cwd=folder,
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )


needs_taplo = pytest.mark.skipif(not TAPLO.exists(), reason="taplo is in the test extra")


@needs_taplo
def test_taplo_passes_the_shipped_file() -> None:
    result = taplo(DATA.parent)
    assert result.returncode == 0, result.stderr


@needs_taplo
def test_taplo_catches_a_typo_in_the_shipped_file(tmp_path: Path) -> None:
    (tmp_path / "papers.schema.json").write_bytes((DATA.parent / "papers.schema.json").read_bytes())
    (tmp_path / "papers.toml").write_text(
        DATA.read_text(encoding="utf-8").replace("slides = ", "slide = ", 1), encoding="utf-8"
    )
    result = taplo(tmp_path)
    assert result.returncode != 0 and "'slide' was unexpected" in result.stderr


@needs_taplo
def test_taplo_passes_a_file_made_by_init_and_one_with_own_kinds(
    tmp_path: Path, own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    made = invoke(
        *("init", "--name", "Club", "--timezone", "UTC", "--weekday", "mon"),
        *("--start-time", "18:00", "--end-time", "19:30", "--track", "Basics"),
    )
    assert made.exit_code == 0, made.output
    assert (
        invoke(
            "add", "ResNet", "--track", "basics", "--link", "paper=https://arxiv.org/abs/1512.03385"
        ).exit_code
        == 0
    )
    result = taplo(tmp_path / "data")
    assert result.returncode == 0, result.stderr
    # A group that declares its own kinds writes its schema again; Taplo then takes them.
    schema = invoke("--file", str(own), "schema", "-o", str(own.parent / "papers.schema.json"))
    assert schema.exit_code == 0, schema.output
    result = taplo(own.parent)
    assert result.returncode == 0, result.stderr
    own.write_text(OWN_KINDS.replace('colab = "', 'colb = "'), encoding="utf-8")
    result = taplo(own.parent)
    assert result.returncode != 0 and "'colb' was unexpected" in result.stderr


def test_declaring_a_built_in_kind_or_one_twice_is_a_warning(own: Path) -> None:
    own.write_text(
        OWN_KINDS.replace(
            'link_kinds = ["colab", "blog"]', 'link_kinds = ["colab", "blog", "video", "colab"]'
        )
    )
    result = run(own, "validate", "--strict")
    assert result.exit_code == 1, result.output
    assert (
        f"warning: {own}:9: group.link_kinds[2]: 'video' is a built-in link kind; no need to declare it"
        in result.stderr
    )
    assert f"warning: {own}:9: group.link_kinds[3]: 'colab' is declared twice" in result.stderr


def test_a_declared_kind_must_be_a_name(own: Path) -> None:
    own.write_text(
        OWN_KINDS.replace('link_kinds = ["colab", "blog"]', 'link_kinds = ["colab", "blog", "Blog Post"]')
    )
    result = run(own, "validate")
    assert result.exit_code == 3
    assert (
        f"{own}:9: group.link_kinds[2]: 'Blog Post' is not a link kind name such as 'colab'" in result.stderr
    )

"""A member says who they are once: `next` says "You present", `assignments` lists their talks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import invoke

PRESENTERS = {"vggnet": "Alice", "resnet": "Bob", "squeezenet": "Alice", "fast-rcnn": "Carol"}


@pytest.fixture
def with_presenters(syllabus_copy: Path) -> Path:
    text = syllabus_copy.read_text(encoding="utf-8")
    for paper, name in PRESENTERS.items():
        text, count = re.subn(f'(?m)^id = "{paper}"\n', f'id = "{paper}"\npresenter = "{name}"\n', text)
        assert count == 1
    syllabus_copy.write_text(text, encoding="utf-8")
    return syllabus_copy


def _config(home: Path, text: str) -> None:
    folder = home / "config"
    folder.mkdir(exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def test_next_says_you_present_for_the_member_in_the_environment(with_presenters: Path) -> None:
    f = ("--file", str(with_presenters), "--today", "2018-04-10")
    result = invoke(*f, "next", env={"READGROUP_MEMBER": "alice"})  # any case
    assert result.exit_code == 0, result.output
    assert "You present: VGGNet" in result.stdout
    data = json.loads(invoke(*f, "next", "--json", env={"READGROUP_MEMBER": "ALICE"}).stdout)
    assert data["member"] == "Alice" and data["you_present"] == ["vggnet"]
    bob = invoke(*f, "next", env={"READGROUP_MEMBER": "Carol"})
    assert "You present" not in bob.stdout


def test_the_member_may_be_named_in_the_config_file(with_presenters: Path, own_settings: Path) -> None:
    _config(own_settings, '# who I am\nmember = "Bob"\n')
    data = json.loads(
        invoke("--file", str(with_presenters), "next", "--today", "2018-04-10", "--json").stdout
    )
    assert data["member"] == "Bob" and data["you_present"] == ["resnet"]
    # The environment wins over the file.
    env = {"READGROUP_MEMBER": "Alice"}
    data = json.loads(
        invoke("--file", str(with_presenters), "next", "--today", "2018-04-10", "--json", env=env).stdout
    )
    assert data["member"] == "Alice"


def test_a_misspelt_member_is_a_warning_for_next(with_presenters: Path) -> None:
    result = invoke(
        "--file", str(with_presenters), "next", "--today", "2018-04-10", env={"READGROUP_MEMBER": "Alise"}
    )
    assert result.exit_code == 0, result.output
    assert (
        "readgroup: 'Alise' ($READGROUP_MEMBER) is not on this group's roster, did you mean 'Alice'?"
        in result.stderr
    )
    assert "You present" not in result.stdout


def test_assignments_lists_only_the_members_talks(with_presenters: Path) -> None:
    f = ("--file", str(with_presenters), "--today", "2018-04-01")
    data = json.loads(invoke(*f, "assignments", "--member", "alice", "--json").stdout)
    assert data["member"] == "Alice" and data["next"]["id"] == "vggnet"
    assert [[p["id"] for p in s["papers"]] for s in data["sessions"]] == [["vggnet"], ["squeezenet"]]
    # The configured member is the default; --all shows everyone again.
    configured = json.loads(invoke(*f, "assignments", "--json", env={"READGROUP_MEMBER": "carol"}).stdout)
    assert configured["member"] == "Carol"
    assert [p["id"] for s in configured["sessions"] for p in s["papers"]] == ["fast-rcnn"]
    everyone = json.loads(
        invoke(*f, "assignments", "--all", "--json", env={"READGROUP_MEMBER": "carol"}).stdout
    )
    assert everyone["member"] is None and len(everyone["sessions"]) > 3


def test_assignments_for_an_unknown_member_is_a_usage_error(with_presenters: Path) -> None:
    result = invoke("--file", str(with_presenters), "assignments", "--member", "Bobb")
    assert result.exit_code == 2
    assert "'Bobb' (--member) is not on this group's roster, did you mean 'Bob'?" in result.stderr
    nobody = invoke("--file", str(with_presenters), "assignments", "--member", "Zed")
    assert nobody.exit_code == 2 and "(roster: Alice, Bob, Carol)" in nobody.stderr


def test_the_members_table_is_the_roster_when_there_is_one(edited: object) -> None:
    path = edited(  # type: ignore[operator]
        "# ---------------------------------------------------------------- CNN",
        '[[members]]\nname = "Dana"\n\n[[members]]\nname = "Eve"\n',
    )
    result = invoke("--file", str(path), "assignments", "--member", "dana", "--today", "2018-04-01")
    assert result.exit_code == 0, result.output
    assert "Dana has no upcoming presentation." in result.stdout


def test_a_broken_config_file_is_a_data_error_naming_it(own_settings: Path) -> None:
    _config(own_settings, "member = Alice\n")
    result = invoke("next", "--today", "2018-04-01")
    assert result.exit_code == 3
    assert "config.toml" in result.stderr and "readgroup settings" in result.stderr


def test_next_names_the_skipped_meeting_and_the_forum() -> None:
    result = invoke("next", "--today", "2018-04-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "No meeting on Thu 2018-04-05: Tomb-Sweeping Day holiday"
    assert lines[1].startswith("Next meeting: Thursday 2018-04-12")
    assert lines[-1] == "Forum: https://discord.gg/jMCVCbJ"
    # From the skipped day itself too; not once it is past.
    assert "No meeting on Thu 2018-04-05" in invoke("next", "--today", "2018-04-05T20:00").stdout
    assert "No meeting" not in invoke("next", "--today", "2018-04-06").stdout
    data = json.loads(invoke("next", "--today", "2018-03-30", "--json").stdout)
    assert data["skipped"] == [{"date": "2018-04-05", "reason": "Tomb-Sweeping Day holiday"}]


def test_tonights_meeting_is_still_on_until_its_end() -> None:
    during = invoke("next", "--today", "2018-07-12T20:59")
    assert during.stdout.startswith("Next meeting: Thursday 2018-07-12, 19:00-21:00 (Asia/Taipei, today)")
    after = invoke("next", "--today", "2018-07-12T21:00")
    assert after.stdout.startswith("The syllabus is finished")
    zoned = invoke("next", "--today", "2018-07-12T20:00+08:00")  # the group's zone is implied
    assert zoned.exit_code == 2 and "YYYY-MM-DDTHH:MM" in zoned.stderr

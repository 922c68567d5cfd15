"""publish DIR: the page, the feeds and the JSON; feeds read back by two independent parsers
(icalendar and vobject) and published again after `skip --shift`."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
import vobject
from conftest import ROOT, invoke
from icalendar import Calendar

from readgroup.export.ics import Options, group_ics
from readgroup.loader import parse

SHIPPED = (ROOT / "data" / "papers.toml").read_text(encoding="utf-8")
STAMP = {"SOURCE_DATE_EPOCH": "1521000000"}  # 2018-03-14T04:00:00Z, as CI would set it


def publish(syllabus: Path, folder: Path, *args: str, env: dict[str, str] | None = None) -> None:
    result = invoke(
        "--file",
        str(syllabus),
        "--today",
        "2018-03-20",
        "publish",
        str(folder),
        *args,
        env={**STAMP, **(env or {})},
    )
    assert result.exit_code == 0, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def by_uid_icalendar(data: bytes) -> dict[str, tuple[dt.datetime, int, dt.datetime]]:
    return {
        str(e["UID"]): (e["DTSTART"].dt, int(e["SEQUENCE"]), e["DTSTAMP"].dt)
        for e in Calendar.from_ical(data).walk("VEVENT")
    }


def by_uid_vobject(data: bytes) -> dict[str, tuple[dt.datetime, int, dt.datetime]]:
    calendar = vobject.readOne(data.decode("utf-8"))
    return {
        event.uid.value: (event.dtstart.value, int(event.sequence.value), event.dtstamp.value)
        for event in calendar.vevent_list
    }


def test_the_site_has_its_files_and_publishing_twice_changes_no_byte(
    syllabus_copy: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(syllabus_copy, site)
    first = snapshot(site)
    assert set(first) == {"index.html", "calendar.ics", "schedule.json"}  # nobody presents yet
    mtimes = {p: (site / p).stat().st_mtime_ns for p in first}
    result = invoke("--file", str(syllabus_copy), "--today", "2018-03-20", "publish", str(site), env=STAMP)
    assert "0 written, 3 unchanged" in result.stderr
    assert snapshot(site) == first
    assert {p: (site / p).stat().st_mtime_ns for p in first} == mtimes  # not even rewritten
    assert oct((site / "index.html").stat().st_mode & 0o777) == "0o644"  # readable by the web server


def test_a_new_folder_gives_the_same_bytes_when_the_file_has_not_changed(
    syllabus_copy: Path, tmp_path: Path
) -> None:
    """DTSTAMP comes from the file's revision, not from the clock: a fresh checkout in CI
    publishes the same calendar as yesterday's run."""
    publish(syllabus_copy, tmp_path / "a")
    publish(syllabus_copy, tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    os.utime(syllabus_copy, (1521500000, 1521500000))
    publish(syllabus_copy, tmp_path / "c", env={"SOURCE_DATE_EPOCH": ""})
    publish(syllabus_copy, tmp_path / "d", env={"SOURCE_DATE_EPOCH": ""})
    assert snapshot(tmp_path / "c") == snapshot(tmp_path / "d")
    assert b"DTSTAMP:20180319T225320Z" in (tmp_path / "c" / "calendar.ics").read_bytes()  # the file's mtime


def test_schedule_json_is_the_schedule_contract(syllabus_copy: Path, tmp_path: Path) -> None:
    publish(syllabus_copy, tmp_path / "site")
    expected = json.loads(invoke("--file", str(syllabus_copy), "schedule", "--json").stdout)
    assert json.loads((tmp_path / "site" / "schedule.json").read_text(encoding="utf-8")) == expected


def test_after_skip_shift_moved_events_keep_their_uids_with_a_higher_sequence(
    syllabus_copy: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(syllabus_copy, site)
    before_bytes = (site / "calendar.ics").read_bytes()
    before = by_uid_icalendar(before_bytes)
    assert before == by_uid_vobject(before_bytes)  # two parsers agree
    assert {sequence for _, sequence, _ in before.values()} == {0}

    shifted = invoke(
        "--file", str(syllabus_copy), "skip", "2018-06-14", "--reason", "Dragon Boat Festival", "--shift"
    )
    assert shifted.exit_code == 0, shifted.output
    publish(syllabus_copy, site, env={"SOURCE_DATE_EPOCH": "1528000000"})  # the edit's time
    after_bytes = (site / "calendar.ics").read_bytes()
    for after in (by_uid_icalendar(after_bytes), by_uid_vobject(after_bytes)):
        assert set(after) == set(before)  # the same events: nothing duplicated, nothing lost
        moved = {uid for uid in before if after[uid][0] != before[uid][0]}
        assert moved == {
            f"{p}@pytorch-taipei.readgroup" for p in ("sppnet", "fast-rcnn", "faster-rcnn", "yolo-v1", "ssd")
        }
        for uid, (start, sequence, stamp) in after.items():
            if uid in moved:
                assert start - before[uid][0] == dt.timedelta(weeks=1)
                assert sequence == 1 and stamp > before[uid][2]
            else:
                assert (start, sequence, stamp) == before[uid]  # untouched events keep their bytes

    # Publishing again changes nothing; a second move bumps SEQUENCE again.
    publish(syllabus_copy, site, env={"SOURCE_DATE_EPOCH": "1528000000"})
    assert (site / "calendar.ics").read_bytes() == after_bytes
    assert invoke("--file", str(syllabus_copy), "skip", "2018-06-21", "--shift").exit_code == 0
    publish(syllabus_copy, site, env={"SOURCE_DATE_EPOCH": "1528000000"})  # a clock that did not move
    again = by_uid_icalendar((site / "calendar.ics").read_bytes())
    assert again["ssd@pytorch-taipei.readgroup"][1] == 2
    assert (
        again["ssd@pytorch-taipei.readgroup"][2]
        > by_uid_icalendar(after_bytes)["ssd@pytorch-taipei.readgroup"][2]
    )


def test_the_feed_asks_to_be_refreshed_and_links_to_the_site(syllabus_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(syllabus_copy, site, "--base-url", "https://example.org/reading/", "--refresh", "6h")
    data = (site / "calendar.ics").read_bytes()
    calendar = Calendar.from_ical(data)
    assert calendar["REFRESH-INTERVAL"].dt == dt.timedelta(hours=6)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT6H"
    assert str(calendar["SOURCE"]) == "https://example.org/reading/calendar.ics"
    lenet = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("lenet@"))
    assert str(lenet["URL"]) == "https://example.org/reading/#session-lenet"
    assert 'id="session-lenet"' in (site / "index.html").read_text(encoding="utf-8")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="webcal://example.org/reading/calendar.ics"' in page
    parsed = vobject.readOne(data.decode("utf-8"))
    assert parsed.contents["refresh-interval"][0].value == "PT6H"


def test_each_member_gets_a_calendar_of_their_own_talks(syllabus_copy: Path, tmp_path: Path) -> None:
    for paper, names in (("lenet", ["Alice"]), ("nin", ["Bob", "Alice"]), ("ssd", ["陳小明"])):
        assert invoke("--file", str(syllabus_copy), "assign", paper, *names).exit_code == 0
    site = tmp_path / "site"
    publish(syllabus_copy, site)
    assert sorted(p.name for p in (site / "members").iterdir()) == ["alice.ics", "bob.ics", "陳小明.ics"]
    alice = (site / "members" / "alice.ics").read_bytes()
    talks = {str(e["SUMMARY"]) for e in Calendar.from_ical(alice).walk("VEVENT")}
    assert talks == {"PyTorch Taipei: Alice presents LeNet", "PyTorch Taipei: Alice presents NIN"}
    assert {e.summary.value for e in vobject.readOne(alice.decode("utf-8")).vevent_list} == talks
    nin = next(e for e in Calendar.from_ical(alice).walk("VEVENT") if "NIN" in str(e["SUMMARY"]))
    assert nin["DTSTART"].dt.date() == dt.date(2018, 3, 22)
    assert "Presenter: Bob, Alice" in str(nin["DESCRIPTION"])
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="members/alice.ics"' in page and "陳小明" in page


def test_control_characters_never_reach_the_calendar() -> None:
    """Whatever the loader lets through, the feed holds no control character but CRLF line ends."""
    syllabus = parse(SHIPPED)
    papers = list(syllabus.papers)
    papers[0] = papers[0].model_copy(update={"title": "Le\x00Net\x1b[31m\x07", "full_title": "a\rb\x7f\x85c"})
    group = syllabus.group.model_copy(update={"venue": "Room\x0b 305", "name": "PyTorch\x0c Taipei"})
    hostile = syllabus.model_copy(update={"papers": papers, "group": group})
    data = group_ics(hostile, Options(stamp=dt.datetime(2018, 3, 1, tzinfo=dt.UTC)))
    text = data.decode("utf-8")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]", text)
    assert not re.search(r"(?<!\r)\n", text)  # every line ends with CRLF
    event = next(iter(Calendar.from_ical(data).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "PyTorch Taipei: LeNet[31m, AlexNet"
    assert "a\nbc" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "Room 305"


def test_publish_refuses_a_file_as_the_folder_and_a_bad_base_url(syllabus_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("not a folder", encoding="utf-8")
    result = invoke("--file", str(syllabus_copy), "publish", str(target))
    assert result.exit_code == 2 and "is not a folder" in result.stderr
    result = invoke("--file", str(syllabus_copy), "publish", str(tmp_path / "x"), "--base-url", "ftp://x")
    assert result.exit_code == 2 and "--base-url" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(edited, text: str) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    path = edited('title = "NIN"', f"title = {json.dumps(text)}")
    rows = list(csv.DictReader(io.StringIO(invoke("--file", str(path), "export", "csv").stdout)))
    nin = next(row for row in rows if row["id"] == "nin")
    assert nin["title"] == "'" + text


def test_markdown_names_the_next_meeting_and_escapes_group_link_names(edited) -> None:  # type: ignore[no-untyped-def]
    path = edited('forum = "https://discord.gg/jMCVCbJ"', '"chat] *now*" = "https://discord.gg/jMCVCbJ"')
    text = invoke("--file", str(path), "--today", "2018-03-20", "export", "markdown").stdout
    assert "**Next meeting: Thursday 22 March 2018, 19:00–21:00**: NIN." in text
    assert "[chat\\] \\*now\\*][group.1]" in text and "[group.1]: https://discord.gg/jMCVCbJ" in text
    assert "[Slides][nin.slides]" in text
    after = invoke("--file", str(path), "--today", "2018-08-01", "export", "markdown").stdout
    assert "Next meeting" not in after  # the syllabus is over


def test_the_page_escapes_everything_from_the_file(edited) -> None:  # type: ignore[no-untyped-def]
    path = edited('title = "NIN"', 'title = "<script>alert(1)</script> & \\"q\\""')
    text = path.read_text(encoding="utf-8").replace(
        'venue = "台灣大學普通教學館305教室"', 'venue = "<img src=x onerror=alert(1)>"'
    )
    path.write_text(text, encoding="utf-8")
    result = invoke("--file", str(path), "--today", "2018-03-20", "publish", str(path.parent / "site"))
    assert result.exit_code == 0, result.output
    page = (path.parent / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;" in page


def test_the_page_needs_nothing_from_the_internet(syllabus_copy: Path, tmp_path: Path) -> None:
    publish(syllabus_copy, tmp_path / "site")
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "@import" not in page and "url(" not in page
    assert not re.search(r"<(?:img|link|iframe)[^>]*(?:src|href)=\"https?:", page)  # only <a> goes out
    assert '<meta name="viewport"' in page and "@media print" in page


def test_the_workflow_in_the_readme_is_the_one_publish_writes_and_its_commands_run(
    syllabus_copy: Path, tmp_path: Path
) -> None:
    import shlex

    import yaml

    workflow = invoke("publish", "site", "--github-actions").stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```yaml\n{workflow}```" in readme
    parsed = yaml.safe_load(workflow)
    triggers = parsed[True]  # YAML 1.1 reads the key `on` as true; GitHub reads it as "on"
    assert set(triggers) == {"push", "schedule", "workflow_dispatch"}
    steps = [step for job in parsed["jobs"].values() for step in job["steps"]]
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in steps)
    assert parsed["jobs"]["announce"]["if"] == "github.event.schedule == '0 1 * * 1'"
    assert [c["cron"] for c in triggers["schedule"]] == ["0 0 * * *", "0 1 * * 1"]
    commands = [
        line.split("readgroup ", 1)[1]
        for step in steps
        for line in step.get("run", "").splitlines()
        if "readgroup " in line and "pip install" not in line
    ]
    assert [c.split()[0] for c in commands] == ["validate", "publish", "announce"]
    env = {"BASE": "https://example.org/reading", "READGROUP_WEBHOOK": "http://127.0.0.1:9/unused"}
    for command in commands:
        args = [arg.replace("$BASE", env["BASE"]) for arg in shlex.split(command)]
        args = [str(tmp_path / "site") if arg == "site" else arg for arg in args]
        if args[0] == "announce":
            args += ["--today", "2018-08-01"]  # nothing left to announce: parses, posts nothing
        result = invoke("--file", str(syllabus_copy), *args, env=env)
        assert result.exit_code == 0, (command, result.output)
    assert (tmp_path / "site" / "index.html").exists()


def test_a_member_who_no_longer_presents_keeps_an_empty_calendar(syllabus_copy: Path, tmp_path: Path) -> None:
    """Subscribers to alice.ics see her talk go away instead of keeping it forever."""
    site = tmp_path / "site"
    assert invoke("--file", str(syllabus_copy), "assign", "lenet", "Alice").exit_code == 0
    publish(syllabus_copy, site)
    assert len(list(Calendar.from_ical((site / "members" / "alice.ics").read_bytes()).walk("VEVENT"))) == 1
    assert invoke("--file", str(syllabus_copy), "assign", "lenet", "Bob").exit_code == 0
    publish(syllabus_copy, site)
    alice = Calendar.from_ical((site / "members" / "alice.ics").read_bytes())
    assert list(alice.walk("VEVENT")) == [] and str(alice["X-WR-CALNAME"]) == "PyTorch Taipei: Alice's talks"
    bob = (site / "members" / "bob.ics").read_bytes()
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(bob).walk("VEVENT")] == [
        "PyTorch Taipei: Bob presents LeNet"
    ]
    assert 'href="members/alice.ics"' not in (site / "index.html").read_text(encoding="utf-8")


def test_a_link_added_to_a_session_bumps_only_that_events_sequence(
    syllabus_copy: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(syllabus_copy, site)
    url = "https://example.org/squeezenet-slides.pdf"
    assert invoke("--file", str(syllabus_copy), "set-link", "squeezenet", "slides", url).exit_code == 0
    publish(syllabus_copy, site)
    events = {
        str(e["UID"]): e for e in Calendar.from_ical((site / "calendar.ics").read_bytes()).walk("VEVENT")
    }
    bumped = {uid for uid, event in events.items() if int(event["SEQUENCE"]) > 0}
    assert bumped == {"squeezenet@pytorch-taipei.readgroup"}
    assert url in str(events["squeezenet@pytorch-taipei.readgroup"]["DESCRIPTION"])


def test_markdown_with_the_next_meeting_named_still_imports_back(tmp_path: Path) -> None:
    page, back = tmp_path / "page.md", tmp_path / "back.toml"
    assert invoke("--today", "2018-03-20", "export", "markdown", "-o", str(page)).exit_code == 0
    assert "**Next meeting:" in page.read_text(encoding="utf-8")
    assert invoke("import", str(page), "-o", str(back)).exit_code == 0
    assert json.loads(invoke("--file", str(back), "schedule", "--json").stdout) == json.loads(
        invoke("schedule", "--json").stdout
    )

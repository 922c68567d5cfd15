"""`readgroup publish DIR`: the group's site as files: the page, the calendar feeds, the JSON.

`site_files` is pure (the syllabus and the feeds published before in, path -> bytes out);
`write_site` writes only the files whose bytes changed, each atomically.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .export.html import Site, page
from .export.ics import (
    DEFAULT_REFRESH,
    Options,
    group_ics,
    member_file_name,
    member_ics,
    members,
    retired_ics,
)
from .models import Syllabus


@dataclass(frozen=True)
class SiteOptions:
    now: dt.datetime  # the wall-clock time in the group's zone: which session is next
    stamp: dt.datetime  # when the syllabus was revised: DTSTAMP of new or changed events
    base_url: str | None = None
    refresh: dt.timedelta = DEFAULT_REFRESH


def revision_stamp(path: Path, environ: Mapping[str, str]) -> dt.datetime:
    """When the syllabus was last revised, for DTSTAMP: $SOURCE_DATE_EPOCH (the reproducible-builds
    convention; CI sets it to the commit's time), else the file's modification time. Never "now":
    publishing twice must give the same bytes."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"$SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from None
    try:
        return dt.datetime.fromtimestamp(int(path.stat().st_mtime), dt.UTC)
    except OSError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def normalise_base_url(url: str | None) -> str | None:
    if url is None:
        return None
    text = url.strip().rstrip("/")
    if not text.lower().startswith(("http://", "https://")) or any(ch.isspace() for ch in text):
        raise UsageError(f"--base-url must be an http:// or https:// address, not {url!r}")
    return text


def member_paths(syllabus: Syllabus) -> dict[str, str]:
    """Member name -> members/NAME.ics; two names that make the same file name get -2, -3."""
    paths: dict[str, str] = {}
    taken: set[str] = set()
    for name in members(syllabus):
        stem, number = member_file_name(name), 2
        candidate = stem
        while candidate in taken:
            candidate, number = f"{stem}-{number}", number + 1
        taken.add(candidate)
        paths[name] = f"members/{candidate}.ics"
    return paths


def site_files(
    syllabus: Syllabus,
    options: SiteOptions,
    previous: Callable[[str], bytes | None],
    published_members: list[str] | None = None,
) -> dict[str, bytes]:
    """Every file of the site by its path under DIR. `previous(path)` gives what is there now;
    `published_members` the members/*.ics already there (those of nobody now are emptied)."""
    from . import contract
    from .schedule import sessions

    base = options.base_url
    paths = member_paths(syllabus)

    def feed_options(path: str) -> Options:
        return Options(stamp=options.stamp, refresh=options.refresh, base_url=base, previous=previous(path))

    files: dict[str, bytes] = {
        "calendar.ics": group_ics(syllabus, feed_options("calendar.ics")),
    }
    for name, path in paths.items():
        files[path] = member_ics(syllabus, name, feed_options(path), path)
    for path in published_members or []:
        if path not in files:
            files[path] = retired_ics(syllabus, path, feed_options(path))
    schedule = contract.schedule_json(syllabus, sessions(syllabus))
    files["schedule.json"] = (json.dumps(schedule, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    site = Site(base_url=base, members=paths)
    files["index.html"] = page(syllabus, options.now, site).encode("utf-8")
    return files


def read_previous(folder: Path) -> Callable[[str], bytes | None]:
    def read(path: str) -> bytes | None:
        try:
            return (folder / path).read_bytes()
        except OSError:
            return None

    return read


def published_members(folder: Path) -> list[str]:
    """The member feeds already in DIR, as paths under it."""
    return sorted(f"members/{p.name}" for p in (folder / "members").glob("*.ics") if p.is_file())


def write_site(folder: Path, files: dict[str, bytes]) -> list[str]:
    """Write the files that changed; returns their paths. Unchanged files keep their mtime."""
    from .editing import write_atomically
    from .errors import WriteRefused

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; give publish a folder to write the site into")
    written = []
    for path, data in files.items():
        target = folder / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            current: bytes | None = target.read_bytes()
        except FileNotFoundError:
            current = None
        except OSError as exc:
            raise WriteRefused(f"cannot write {target}: {exc.strerror or exc}") from None
        if current == data:
            continue
        write_atomically(target, data, original=current)
        if current is None:
            # A new file starts private (mkstemp); a web page and its feeds are for everyone.
            target.chmod(0o644)
        written.append(path)
    return written


def github_workflow(folder: str) -> str:
    """A GitHub Actions workflow: validate and publish `folder` to GitHub Pages on every push and
    every day (the page marks the next meeting), and post the announcement every Monday."""
    return _WORKFLOW.replace("SITE", folder.strip("/") or "site")


_WORKFLOW = """\
# Written by `readgroup publish SITE --github-actions`; save it as .github/workflows/readgroup.yml.
# On every push: validate data/papers.toml and publish SITE/ to GitHub Pages.
# Every day: publish again, so the page marks the right next meeting.
# Every Monday: post the announcement of the week's meeting to the group's chat.
# Once: Settings > Pages > Source: "GitHub Actions"; Settings > Secrets and variables > Actions >
# New repository secret READGROUP_WEBHOOK = the Discord (or Slack) incoming webhook address.
name: readgroup

on:
  push:
    branches: [main]
  schedule:
    - cron: "0 0 * * *"  # daily 00:00 UTC: the page's next meeting moves on
    - cron: "0 1 * * 1"  # Mondays 01:00 UTC: the announcement
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  READGROUP: "readgroup @ git+https://github.com/OWNER/readgroup@v0.1.0"  # where readgroup lives

jobs:
  publish:
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "$READGROUP"
      - run: readgroup validate
      - id: pages
        uses: actions/configure-pages@v5
      - name: Fetch the calendars published before, so moved events get a higher SEQUENCE
        env:
          BASE: ${{ steps.pages.outputs.base_url }}
        run: |
          mkdir -p SITE/members
          curl -fsSL "$BASE/calendar.ics" -o SITE/calendar.ics || rm -f SITE/calendar.ics
          for path in $(curl -fsSL "$BASE/" | grep -o 'members/[^"]*\\.ics' | sort -u); do
            curl -fsSL "$BASE/$path" -o "SITE/$path" || rm -f "SITE/$path"
          done
      - name: Publish
        env:
          BASE: ${{ steps.pages.outputs.base_url }}
        run: SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)" readgroup publish SITE --base-url "$BASE"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: SITE
      - id: deployment
        uses: actions/deploy-pages@v4

  announce:
    if: github.event.schedule == '0 1 * * 1'
    needs: publish
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "$READGROUP"
      - name: Post next week's announcement (--format slack for a Slack webhook)
        env:
          READGROUP_WEBHOOK: ${{ secrets.READGROUP_WEBHOOK }}
        run: readgroup announce --format discord --post env:READGROUP_WEBHOOK
"""

"""The syllabus as Pydantic models: what `data/papers.toml` may contain.

Models check one value at a time (types, URLs, slugs). Checks that need the whole
syllabus (duplicate ids, unknown tracks, skip days) live in `checks.py`, where they
can report the key path and line of each problem.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

LinkKind = Literal["paper", "slides", "video", "code", "pytorch", "pytorch_video", "notes"]
LINK_KINDS: tuple[LinkKind, ...] = get_args(LinkKind)

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)

# Words a syllabus uses for "no date yet" (另訂 is the seed page's "to be decided").
TBD_WORDS = frozenset({"tbd", "tba", "tbc", "另訂", "待定"})

_PLACEHOLDER_WORDS = frozenset({"", "tbd", "tba", "tbc", "todo", "n/a", "na", "-", "?", "#"})
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


# Regular expressions rather than urllib.parse.urlsplit: every link of every paper goes through
# these on each run, and a compiled pattern is several times faster for the two facts needed.
_WEB_URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)
_BARE_HOST = re.compile(r"^https?://[^\s/?#]+/?$", re.IGNORECASE)


def is_placeholder(value: str) -> bool:
    """True for link values that stand for "no link yet".

    Empty text, dots (`....`), TBD-like words, and a bare host with no path
    (`https://youtu.be/`): none of them can point at a paper, slides or a video.
    """
    text = value.strip()
    # `not text.strip(".")`: only dots; three times faster than set(text) <= {"."} on long URLs
    return text.lower() in _PLACEHOLDER_WORDS or not text.strip(".") or bool(_BARE_HOST.match(text))


def check_url(value: str) -> str:
    text = value.strip()
    if not _WEB_URL.match(text) and not is_placeholder(text):
        raise ValueError(f"not a web address: {value!r} (write a full http:// or https:// URL)")
    return text  # a placeholder is kept so `validate` can warn about it; it counts as missing


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"{value!r} is not a lowercase slug such as 'fast-rcnn'")
    return value


def _check_timezone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (use an IANA name such as 'Asia/Taipei')") from None
    return value


def _tbd_to_none(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in TBD_WORDS:
        return None
    if isinstance(value, str):
        raise ValueError(f'{value!r} is not a date: write 2018-03-08 (no quotes) or "TBD"')
    return value


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Url = Annotated[str, AfterValidator(check_url)]
Slug = Annotated[str, AfterValidator(_check_slug)]
# What the file may hold, for `readgroup schema` (editors see TOML dates as date strings).
_TBD_PATTERN = r"^\s*([Tt][Bb][DdAaCc]|另訂|待定)\s*$"
OptionalDate = Annotated[
    dt.date | None,
    BeforeValidator(_tbd_to_none),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "pattern": _TBD_PATTERN}]}
    ),
]
Names = Annotated[
    list[str],
    BeforeValidator(_as_list),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]


# Pydantic scans installed packages for plugins (an importlib.metadata walk, ~15 ms of every
# start-up) when it builds a model. readgroup uses no plugins, so skip the scan while the
# models below are built, as Typer does for its own adapters; the setting is restored after.
_plugins_setting = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Links(_Model):
    """The links of one paper, by kind. Unknown kinds (`slide =`) are errors."""

    paper: Url | None = Field(None, description="The paper itself (PDF or landing page).")
    slides: Url | None = Field(None, description="The presenter's slides or notes.")
    video: Url | None = Field(None, description="A recording of the talk or a lecture on the paper.")
    code: Url | None = Field(None, description="Official code or demo.")
    pytorch: Url | None = Field(None, description="A PyTorch example.")
    pytorch_video: Url | None = Field(None, description="A PyTorch lecture video.")
    notes: Url | None = Field(None, description="Written notes or a summary.")

    @cached_property
    def _split(self) -> tuple[dict[LinkKind, str], dict[LinkKind, str]]:
        # Reports ask for a paper's links several times; sort them out once.
        present: dict[LinkKind, str] = {}
        placeholders: dict[LinkKind, str] = {}
        for kind in LINK_KINDS:
            url = getattr(self, kind)
            if url is not None:
                (placeholders if is_placeholder(url) else present)[kind] = url
        return present, placeholders

    def present(self) -> dict[LinkKind, str]:
        """Real links in kind order; placeholders count as missing."""
        return dict(self._split[0])

    def placeholders(self) -> dict[LinkKind, str]:
        return dict(self._split[1])


class Group(_Model):
    name: str
    timezone: Annotated[str, AfterValidator(_check_timezone)] = Field(
        "UTC", description="IANA time zone; 'today' is computed in it."
    )
    weekday: Annotated[Weekday, BeforeValidator(_lower)] = Field(description="Regular meeting day.")
    start_time: dt.time
    end_time: dt.time
    venue: str = ""
    required: list[LinkKind] = Field(
        default_factory=lambda: list[LinkKind](["paper"]), description="Link kinds every paper should have."
    )
    links: dict[str, Url] = Field(
        default_factory=dict, description="Free-form named links: forum, speakers sheet, ..."
    )

    @model_validator(mode="after")
    def _ends_after_start(self) -> Group:
        if self.end_time <= self.start_time:
            raise ValueError(
                f"end_time {self.end_time:%H:%M} is not after start_time {self.start_time:%H:%M}"
            )
        return self


class Track(_Model):
    id: Slug
    name: str


class Skip(_Model):
    date: dt.date
    reason: str = ""


class Member(_Model):
    name: str
    unavailable: list[dt.date] = Field(default_factory=list)


class Paper(_Model):
    id: Slug = Field(description="Unique lowercase slug, e.g. 'fast-rcnn'.")
    title: str
    full_title: str | None = None
    track: str
    date: OptionalDate = Field(None, description='Meeting date; omit or write "TBD" if undecided.')
    presenter: Names = Field(default_factory=list, description="A name, or a list of co-presenters.")
    required: list[LinkKind] | None = Field(
        None, description="Link kinds this paper should have (overrides group.required)."
    )
    links: Links = Field(default_factory=Links)

    def required_kinds(self, group: Group) -> list[LinkKind]:
        return list(self.required if self.required is not None else group.required)

    def missing_kinds(self, group: Group) -> list[LinkKind]:
        present = self.links.present()
        return [kind for kind in self.required_kinds(group) if kind not in present]


class Syllabus(_Model):
    group: Group
    tracks: list[Track] = Field(min_length=1)
    skips: list[Skip] = Field(default_factory=list)
    members: list[Member] = Field(default_factory=list)
    papers: list[Paper] = Field(default_factory=list)

    def track_name(self, track_id: str) -> str:
        for track in self.tracks:
            if track.id == track_id:
                return track.name
        return track_id


if _plugins_setting is None:
    del os.environ["PYDANTIC_DISABLE_PLUGINS"]
else:
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = _plugins_setting

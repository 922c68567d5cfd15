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
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from .placeholders import is_placeholder as is_placeholder  # re-exported: its old home
from .safetext import first_unsafe, quote

BuiltinKind = Literal["paper", "slides", "video", "code", "pytorch", "pytorch_video", "notes"]
LINK_KINDS: tuple[str, ...] = get_args(BuiltinKind)  # the built-in kinds, in display order
# A link kind: a built-in one, or one a group declares in `[group] link_kinds` (checked against
# the syllabus in checks.py, which knows both).
LinkKind = str
_KIND_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)

# Words a syllabus uses for "no date yet" (另訂 is the seed page's "to be decided").
TBD_WORDS = frozenset({"tbd", "tba", "tbc", "另訂", "待定"})

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


# Regular expressions rather than urllib.parse.urlsplit: every link of every paper goes through
# these on each run, and a compiled pattern is several times faster for the two facts needed.
# Possessive quantifiers and one way to split host from path: linear time on any input
# (`[^\s/?#]+\S*$` tried every split of a long host and took seconds on a 30 KB value).
_WEB_URL = re.compile(r"^https?://[^\s/?#]++(?:[/?#]\S*+)?$", re.IGNORECASE)

# Meeting dates, skips and unavailable days must fall in this range. A real syllabus is far
# inside it, and date arithmetic (the next meeting day, shifting a term by weeks) never comes
# near the limits of datetime.date (years 1 and 9999), where it would overflow.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


def check_day(value: dt.date) -> dt.date:
    """`value` if it lies between EARLIEST and LATEST, else ValueError."""
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"{value} is out of range: dates run from {EARLIEST} to {LATEST}")
    return value


def check_text(value: str) -> str:
    """Refuse control characters and escape sequences: they would act on the terminal."""
    at = first_unsafe(value)
    if at is not None:
        raise ValueError(
            f"contains the control character {quote(value[at])} at position {at + 1}; remove it "
            "(text may not hold control characters or terminal escape sequences)"
        )
    return value


def check_url(value: str) -> str:
    text = check_text(value.strip())
    if not _WEB_URL.match(text) and not is_placeholder(text):
        raise ValueError(f"not a web address: {quote(value)} (write a full http:// or https:// URL)")
    return text  # a placeholder is kept so `validate` can warn about it; it counts as missing


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"{quote(value)} is not a lowercase slug such as 'fast-rcnn'")
    return value


def _check_timezone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise ValueError(
            f"unknown time zone {quote(value)} (use an IANA name such as 'Asia/Taipei')"
        ) from None
    return value


def _tbd_to_none(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in TBD_WORDS:
        return None
    if isinstance(value, str):
        raise ValueError(f'{quote(value)} is not a date: write 2018-03-08 (no quotes) or "TBD"')
    return _date_not_number(value)


# Pydantic reads a number as seconds since 1970 for a date, and as seconds since midnight in
# UTC for a time (which then cannot be compared with the other, local, time): refuse numbers.
def _date_not_number(value: Any) -> Any:
    if isinstance(value, int | float):
        raise ValueError(f"{quote(value)} is a number, not a date: write 2018-03-08 (no quotes)")
    return value


def _time_not_number(value: Any) -> Any:
    if isinstance(value, int | float):
        raise ValueError(f"{quote(value)} is a number, not a time: write 19:00:00 (no quotes)")
    return value


def _day_or_none(value: dt.date | None) -> dt.date | None:
    return None if value is None else check_day(value)


def _local_time(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError(f"{value} has a UTC offset; write the local time, e.g. 19:00:00 (see timezone)")
    return value


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Url = Annotated[str, AfterValidator(check_url)]
Slug = Annotated[str, AfterValidator(_check_slug)]
Plain = Annotated[str, AfterValidator(check_text)]
Day = Annotated[dt.date, BeforeValidator(_date_not_number), AfterValidator(check_day)]
# What the file may hold, for `readgroup schema` (editors see TOML dates as date strings).
_TBD_PATTERN = r"^\s*([Tt][Bb][DdAaCc]|另訂|待定)\s*$"
OptionalDate = Annotated[
    dt.date | None,
    BeforeValidator(_tbd_to_none),
    AfterValidator(_day_or_none),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "pattern": _TBD_PATTERN}]}
    ),
]


def _check_kind_name(value: str) -> str:
    if not _KIND_NAME.match(value):
        raise ValueError(f"{value!r} is not a link kind name such as 'colab' (lowercase letters, digits, _)")
    return value


# Declared kinds are names; a kind in `required` is checked against the group's kinds in checks.py.
KindName = Annotated[
    str, AfterValidator(_check_kind_name), WithJsonSchema({"type": "string", "pattern": _KIND_NAME.pattern})
]
RequiredKind = Annotated[str, WithJsonSchema({"type": "string", "enum": list(LINK_KINDS)})]
# TOML local times (19:00:00) have no offset, so they are not JSON Schema "time" (RFC 3339
# full-time); editors hand them to the schema as "HH:MM:SS" text.
LocalTime = Annotated[
    dt.time,
    BeforeValidator(_time_not_number),
    AfterValidator(_local_time),
    WithJsonSchema(
        {
            "type": "string",
            "format": "partial-time",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$",
        }
    ),
]
Names = Annotated[
    list[Plain],
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
    """The links of one paper, by kind: the built-in kinds, and any the group declares (kept as
    extra fields; checks.py refuses a kind that is neither, with a did-you-mean)."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)
    __pydantic_extra__: dict[str, Url] = Field(init=False)

    paper: Url | None = Field(None, description="The paper itself (PDF or landing page).")
    slides: Url | None = Field(None, description="The presenter's slides or notes.")
    video: Url | None = Field(None, description="A recording of the talk or a lecture on the paper.")
    code: Url | None = Field(None, description="Official code or demo.")
    pytorch: Url | None = Field(None, description="A PyTorch example.")
    pytorch_video: Url | None = Field(None, description="A PyTorch lecture video.")
    notes: Url | None = Field(None, description="Written notes or a summary.")

    @cached_property
    def _placeholder_kinds(self) -> tuple[LinkKind, ...]:
        # Reports ask for a paper's links several times; look for placeholders once. Nearly
        # always none: the shared empty tuple, where two cached dicts took 300 bytes a paper.
        return tuple(kind for kind, url in self._written().items() if is_placeholder(url))

    def _written(self) -> dict[LinkKind, str]:
        """Every link written (placeholders too), built-in kinds first: a fresh dict."""
        values = self.__dict__
        found = {kind: url for kind in LINK_KINDS if (url := values[kind]) is not None}
        if self.__pydantic_extra__:
            found.update(self.__pydantic_extra__)
        return found

    def get(self, kind: LinkKind) -> str | None:
        """The value written for `kind` (a placeholder too), or None."""
        if kind in LINK_KINDS:
            value: str | None = getattr(self, kind)
            return value
        return (self.__pydantic_extra__ or {}).get(kind)

    def present(self) -> dict[LinkKind, str]:
        """Real links in kind order; placeholders count as missing."""
        found = self._written()
        for kind in self._placeholder_kinds:
            del found[kind]
        return found

    def placeholders(self) -> dict[LinkKind, str]:
        skipped = self._placeholder_kinds
        return {kind: url for kind, url in self._written().items() if kind in skipped} if skipped else {}

    def lacks(self, kinds: list[LinkKind]) -> list[LinkKind]:
        """The kinds of `kinds` without a real link (none, or a placeholder), in that order."""
        skipped = self._placeholder_kinds
        return [kind for kind in kinds if kind in skipped or self.get(kind) is None]


class Group(_Model):
    name: Plain
    timezone: Annotated[str, AfterValidator(_check_timezone)] = Field(
        "UTC", description="IANA time zone; 'today' is computed in it."
    )
    weekday: Annotated[Weekday, BeforeValidator(_lower)] = Field(description="Regular meeting day.")
    start_time: LocalTime
    end_time: LocalTime
    venue: Plain = ""
    link_kinds: list[KindName] = Field(
        default_factory=list,
        description="The group's own link kinds beyond the built-in ones, e.g. ['colab', 'blog'].",
    )
    required: list[RequiredKind] = Field(
        default_factory=lambda: ["paper"], description="Link kinds every paper should have."
    )
    links: dict[Plain, Url] = Field(
        default_factory=dict, description="Free-form named links: forum, speakers sheet, ..."
    )

    def kinds(self) -> tuple[LinkKind, ...]:
        """Every link kind this group may use: the built-in ones, then its own."""
        return (*LINK_KINDS, *(kind for kind in self.link_kinds if kind not in LINK_KINDS))

    @field_validator("end_time")
    @classmethod
    def _ends_after_start(cls, end: dt.time, info: ValidationInfo) -> dt.time:
        # On the field, so the message points at the end_time line, not at [group].
        start = info.data.get("start_time")  # absent when start_time itself is invalid
        if isinstance(start, dt.time) and end <= start:
            raise ValueError(f"end_time {end:%H:%M} is not after start_time {start:%H:%M}")
        return end


class Track(_Model):
    id: Slug
    name: Plain


class Skip(_Model):
    date: Day
    reason: Plain = ""


class Member(_Model):
    name: Plain
    unavailable: list[Day] = Field(default_factory=list)


class Paper(_Model):
    id: Slug = Field(description="Unique lowercase slug, e.g. 'fast-rcnn'.")
    title: Plain
    full_title: Plain | None = None
    track: Plain
    date: OptionalDate = Field(None, description='Meeting date; omit or write "TBD" if undecided.')
    presenter: Names = Field(default_factory=list, description="A name, or a list of co-presenters.")
    required: list[RequiredKind] | None = Field(
        None, description="Link kinds this paper should have (overrides group.required)."
    )
    links: Links = Field(default_factory=Links)

    def required_kinds(self, group: Group) -> list[LinkKind]:
        return list(self.required if self.required is not None else group.required)

    def missing_kinds(self, group: Group) -> list[LinkKind]:
        return self.links.lacks(self.required if self.required is not None else group.required)


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


def share_fields_sets(papers: list[Paper], shared: dict[frozenset[str], set[str]] | None = None) -> None:
    """Let papers (and their links) that were given the same keys share one set of those keys.

    Pydantic keeps on every model instance the set of fields the input gave, for
    `model_dump(exclude_unset=True)`: a set of six names is 728 bytes, which made up 40% of a
    paper's memory (90 MB at 100,000 papers). The models are frozen, so no instance adds to
    its set after validation (`model_copy` copies it first); equal sets can be one object.
    `shared` (the sets met so far) carries them from one call to the next."""
    shared = {} if shared is None else shared
    for paper in papers:
        for model in (paper, paper.links):
            found = model.__pydantic_fields_set__
            object.__setattr__(model, "__pydantic_fields_set__", shared.setdefault(frozenset(found), found))


if _plugins_setting is None:
    del os.environ["PYDANTIC_DISABLE_PLUGINS"]
else:
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = _plugins_setting

"""The user's config.toml and the followed group's copy, read with light imports.

Every run asks where its file is (locate: is a group followed?) and who the member is, and the
fast path must not pay for settings.py and follow.py (pathlib, tempfile, dataclasses, httpx's
neighbours: 40 ms). So the reading rules live here, and settings.py and follow.py build on them:
both paths read the same settings the same way.
"""

from __future__ import annotations

import io
import os

TYPE_CHECKING = False  # not `typing`: the fast path imports this module
if TYPE_CHECKING:
    from collections.abc import Mapping

CONFIG_VARIABLE = "READGROUP_CONFIG_DIR"
CACHE_VARIABLE = "READGROUP_CACHE_DIR"
CONFIG_NAME = "config.toml"
FOLLOW_MAX_AGE = 24 * 3600.0  # a followed copy younger than this is read without asking the server
STATE_FIELDS = frozenset(
    {"url", "etag", "last_modified", "fetched_at", "checked_at", "failed_at", "failure", "rejected"}
)


class SettingsError(ValueError):
    """The config file cannot be read, or a setting in it is not what it should be."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def config_folder(environ: Mapping[str, str]) -> str:
    folder = environ.get(CONFIG_VARIABLE, "").strip()
    if folder:
        return folder
    from .userdirs import user_dir

    return user_dir("config", environ)


def cache_folder(environ: Mapping[str, str]) -> str:
    folder = environ.get(CACHE_VARIABLE, "").strip()
    if folder:
        return folder
    from .userdirs import user_dir

    return user_dir("cache", environ)


def config_path(environ: Mapping[str, str]) -> str:
    return os.path.join(config_folder(environ), CONFIG_NAME)


def read_config(path: str, environ: Mapping[str, str] = os.environ) -> dict[str, object]:
    """The config file's settings; a missing file has none. SettingsError says what is wrong.

    What a file said is kept with the syllabus snapshots (same trust rules), because importing
    tomllib alone costs a third of a warm `readgroup next`.
    """
    from . import snapshot

    kept = snapshot.read(path, environ)
    if kept is not None and isinstance(kept.get("settings"), dict):
        return dict(kept["settings"])
    before = snapshot.stat_key(path)
    try:
        with open(path, "rb") as file:
            data = file.read()
        # As open(path, encoding="utf-8").read(): universal newlines
        text = io.StringIO(data.decode("utf-8"), newline=None).read()
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise SettingsError(path, f"cannot read your readgroup settings: {reason or exc}") from None
    import tomllib

    try:
        settings = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(path, f"TOML syntax error in your readgroup settings: {exc}") from None
    snapshot.store_payload(path, before, data, {"settings": settings, "papers": 0}, environ)
    return settings


def setting(environ: Mapping[str, str], key: str) -> str | None:
    """One text setting (None when unset or empty); a value that is not text is a SettingsError."""
    path = config_path(environ)
    value = read_config(path, environ).get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SettingsError(path, f'{key}: should be text in quotes, e.g. {key} = "..."')
    return value.strip() or None


def follow_folder(environ: Mapping[str, str]) -> str:
    return os.path.join(cache_folder(environ), "follow")


def follow_copy(environ: Mapping[str, str]) -> str:
    return os.path.join(follow_folder(environ), "papers.toml")


def confirmed_copy(environ: Mapping[str, str], url: str, now: float) -> bool:
    """Whether the followed copy of `url` was confirmed by its server less than a day ago, so a
    read uses it as it is, with no network (follow.refresh's first rule)."""
    import json

    try:
        with open(os.path.join(follow_folder(environ), "state.json"), encoding="utf-8") as file:
            state = json.loads(file.read())
    except (OSError, ValueError):
        return False
    if not isinstance(state, dict) or not set(state) <= STATE_FIELDS or state.get("url") != url:
        return False
    checked = state.get("checked_at")
    if state.get("fetched_at") is None or not isinstance(checked, (int, float)) or isinstance(checked, bool):
        return False
    return now - checked < FOLLOW_MAX_AGE and os.path.isfile(follow_copy(environ))

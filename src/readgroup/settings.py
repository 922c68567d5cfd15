"""The user's own settings and state: the config file, and where readgroup may keep a cache.

`config.toml` in the platform's config folder (`~/.config/readgroup/` on Linux) holds what a
person says once: `member = "Alice"` (who I am) and `follow = "URL"` (the group I follow).
$READGROUP_CONFIG_DIR and $READGROUP_CACHE_DIR move the two folders (tests, several profiles).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import userconfig
from .errors import DataFileError, Problem, WriteRefused


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(userconfig.config_folder(environ))


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(userconfig.cache_folder(environ))


def config_file(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(userconfig.config_path(environ))


def read_config(path: Path) -> dict[str, Any]:
    """The config file's settings; a missing file has none. A broken one is exit 3 with its line."""
    try:
        return userconfig.read_config(str(path))
    except userconfig.SettingsError as exc:
        raise DataFileError(exc.path, [Problem(exc.message)]) from None


def setting(environ: Mapping[str, str], key: str) -> str | None:
    """One text setting from the config file (None when unset or empty); a non-text value is an error."""
    try:
        return userconfig.setting(environ, key)
    except userconfig.SettingsError as exc:
        raise DataFileError(exc.path, [Problem(exc.message)]) from None


def change_setting(environ: Mapping[str, str], key: str, value: str | None) -> Path:
    """Set (or with None remove) one top-level setting; the file's comments and order stay."""
    import tomlkit

    path = config_file(environ)
    read_config(path)  # a broken file is reported, never overwritten
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    document = tomlkit.parse(text)
    if value is None:
        document.pop(key, None)
    else:
        document[key] = value
    new = tomlkit.dumps(document)
    if new != text:
        try:
            # Through a symlink (dotfile managers link config files) to the file it points at.
            write_file(path.resolve() if path.is_symlink() else path, new.encode("utf-8"))
        except OSError as exc:
            raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def write_file(path: Path, data: bytes) -> None:
    """Atomically: a temporary file in the same folder, renamed over `path` (readers see the
    old file or the new one, never half of one). Last writer wins, which is right for a cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

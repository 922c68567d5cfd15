"""Save an edit of the syllabus file so that nothing is lost.

`save_edit` makes the changes in the text (`textedit`: only the edited lines differ), checks
the result is still a valid syllabus, then, holding the file's lock (`filelock`) for the whole
read-check-write, reads the file again and refuses if it changed since it was loaded (another
editor or program), refuses a read-only file, and replaces it atomically through any symlink,
keeping mode, owner and group (`atomic`). Nothing is written when nothing changes.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_origin

from .atomic import Seen, check_writable, real_path, remove_stale_temporaries, replace_file
from .changes import AppendTable, Change, RemoveKey, RemoveTable, SetValue, expected_data
from .errors import DataFileError, WriteRefused
from .filelock import locked
from .outputs import write_output
from .textedit import apply_changes, toml_value

if TYPE_CHECKING:
    from .loader import Loaded

__all__ = [
    "AppendTable",
    "Change",
    "RemoveKey",
    "RemoveTable",
    "SaveResult",
    "SetValue",
    "apply_changes",
    "diff_label",
    "expected_data",
    "save_edit",
    "toml_value",
    "unified_diff",
    "write_atomically",
]

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class SaveResult:
    path: Path  # as named (an edit goes to the real file behind a symlink), or the --output
    changed: bool  # False: nothing to change, and the file was not touched
    written: bool  # False for a dry run or when nothing changed
    diff: str = ""  # for a dry run: the change as a unified diff
    notes: tuple[str, ...] = ()  # what a person should know: comments moved or dropped


def save_edit(
    loaded: Loaded,
    changes: list[Change],
    *,
    dry_run: bool = False,
    output: Path | None = None,
    force: bool = False,
) -> SaveResult:
    """Apply `changes` to the loaded file and write it (or `output`, a new file; an existing
    one only with `force`). Raises WriteRefused (exit 4) when the write is refused or fails."""
    notes: list[str] = []
    new_text, new_raw = apply_changes(loaded.text, loaded.raw, changes, notes=notes)
    target = output or loaded.path
    try:
        _validate_edit(loaded.raw, new_raw, new_text, str(target), changes)
    except DataFileError as exc:
        raise WriteRefused(
            f"the edited file would not be valid; nothing was written\n{exc.message}"
        ) from None
    if output is None and new_text == loaded.text:
        return SaveResult(target, changed=False, written=False, notes=tuple(notes))
    if dry_run:
        diff = unified_diff(target, loaded.text if output is None else "", new_text)
        return SaveResult(target, changed=True, written=False, diff=diff, notes=tuple(notes))
    new = (_BOM if loaded.data.startswith(_BOM) else b"") + new_text.encode("utf-8")
    if output is not None:
        write_output(output, new, force=force)
    else:
        write_atomically(loaded.path, new, original=loaded.data)
    return SaveResult(target, changed=True, written=True, notes=tuple(notes))


def _validate_edit(
    old: dict[str, Any], new: dict[str, Any], text: str, file: str, changes: list[Change]
) -> None:
    """`loader.validate` of the edited file, sped up: only the tables the changes touch go
    through the models (the rest was valid when loaded and is unchanged), while the checks
    across the file run on all of it. Any doubt, and every failure, goes to the full check,
    which lists every problem with its line."""
    from pydantic import BaseModel, ValidationError

    from . import checks
    from .loader import validate
    from .models import Syllabus

    # Indices are those of the file as read; after RemoveTable a later element moves up, and
    # appended tables are the last ones of their array (see `expected_data`).
    removed: dict[str, list[int]] = {}
    appended: dict[str, int] = {}
    for change in changes:
        if isinstance(change, RemoveTable):
            removed.setdefault(change.array, []).append(change.index)
        elif isinstance(change, AppendTable):
            appended[change.array] = appended.get(change.array, 0) + 1
    touched: dict[tuple[str, int | None], None] = {}
    for array in removed:
        field = Syllabus.model_fields.get(array)
        if not new.get(array) and (field is None or field.is_required()):
            touched[("", None)] = None  # an emptied array the file needs (tracks): the whole model
    for name, count in appended.items():
        size = len(new[name])
        touched.update(dict.fromkeys((name, i) for i in range(size - count, size)))
    # one field's check (of a list of values, so a reschedule's 20,000 dates are one call), and
    # the new values it must accept
    values: dict[Callable[[Any], Any], list[Any]] = {}
    for change in changes:
        if isinstance(change, AppendTable | RemoveTable):
            continue  # appended: above; removed: the checks across the file below
        if len(change.path) >= 3 and isinstance(change.path[0], str) and isinstance(change.path[1], int):
            array, position = change.path[0], change.path[1]
            gone = removed.get(array, [])
            if position in gone:
                continue  # only the checks across the file matter
            check, required = _field_check(array, change.path[2]) if len(change.path) == 3 else (None, True)
            if check is not None and isinstance(change, SetValue):
                values.setdefault(check, []).append(change.value)  # a reschedule's dates: no model rebuilt
            elif check is None or required:
                touched[(array, position - sum(i < position for i in gone))] = None
        elif len(change.path) >= 2 and isinstance(change.path[0], str):
            touched[(change.path[0], None)] = None
        else:
            touched[("", None)] = None  # a whole top-level value: no shortcut
    if len(touched) > 64:  # a reschedule: one pass of the models over everything is cheaper
        touched = {("", None): None}
    try:
        for check, given in values.items():
            check(given)
        for table, index in touched:
            field = Syllabus.model_fields.get(table)
            annotation = field.annotation if field is not None else None
            if index is not None and get_origin(annotation) is list:
                annotation = get_args(annotation)[0]
            if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
                raise ValueError(f"no model for {table}")
            annotation.model_validate(new[table] if index is None else new[table][index])
        if not checks.errors(new):
            return
    except (ValidationError, ValueError, LookupError, TypeError):
        pass
    validate(new, text, file)


@functools.cache
def _field_check(array: str, key: str | int) -> tuple[Callable[[Any], Any] | None, bool]:
    """(what validates a list of values of one field of an element of `array` exactly as its
    model would, whether the model requires the field). The check is None when the field cannot
    be checked alone: the model has validators that look at several fields, or the field is a
    model itself; then the element's model is rebuilt."""
    from pydantic import BaseModel, ConfigDict, TypeAdapter
    from pydantic.errors import PydanticUserError

    from .models import Syllabus

    field = Syllabus.model_fields.get(array)
    model = (
        get_args(field.annotation)[0] if field is not None and get_origin(field.annotation) is list else None
    )
    if not (isinstance(model, type) and issubclass(model, BaseModel) and isinstance(key, str)):
        return None, True
    decorators = model.__pydantic_decorators__
    if decorators.field_validators or decorators.model_validators or key not in model.model_fields:
        return None, True
    info = model.model_fields[key]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    strip = bool(model.model_config.get("str_strip_whitespace"))
    try:
        adapter: TypeAdapter[Any] = TypeAdapter(
            list[annotation], config=ConfigDict(str_strip_whitespace=strip)
        )
    except PydanticUserError:  # a model inside: it brings its own config
        return None, info.is_required()
    return adapter.validate_python, info.is_required()


def diff_label(path: Path) -> str:
    """The path as `git apply` and `patch -p1` take it: relative to the current folder, with
    forward slashes; a file outside it keeps its absolute path."""
    relative = os.path.relpath(os.path.abspath(path))
    if relative == ".." or relative.startswith(".." + os.sep):
        relative = os.path.abspath(path)
    return Path(relative).as_posix()


def unified_diff(path: Path, old: str, new: str) -> str:
    label = diff_label(path).lstrip("/")
    from . import linediff

    return "".join(
        linediff.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{label}", f"b/{label}"
        )
    )


def write_atomically(path: Path, new: bytes, *, original: bytes | None) -> None:
    """Replace the file `path` names (through symlinks) with `new`, if it still holds exactly
    `original`; with `original` None it must not exist yet. The lock is held from the second
    read to the rename, so two readgroup edits never both succeed from the same original."""
    if original is None:
        write_output(path, new, force=False)
        return
    target = real_path(path)
    with locked(target):
        remove_stale_temporaries(target)
        current, info = _read_again(path, target)
        if current != original:
            raise WriteRefused(
                f"{path} changed since it was read; nothing was written (run the command again)"
            )
        check_writable(path, info)
        replace_file(target, new, like=info, expect=Seen.of(info))


def _read_again(path: Path, target: Path) -> tuple[bytes, os.stat_result]:
    try:
        with open(target, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise WriteRefused(f"{path} is not a regular file; nothing was written")
            return stream.read(), info
    except FileNotFoundError:
        raise WriteRefused(f"{path} was removed since it was read; nothing was written") from None
    except OSError as exc:
        raise WriteRefused(f"cannot read {path} again before writing: {exc.strerror or exc}") from None

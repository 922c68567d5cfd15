"""Writing a generated file the user named with -o."""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError


def write_output(path: Path, data: bytes, *, force: bool) -> None:
    """Atomically; an existing file is replaced only with force."""
    from .editing import write_atomically

    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder; give a file name to --output") from None
    except OSError:
        current = None  # write_atomically reports why it cannot write
    if current is not None and not force:
        raise UsageError(f"{path} already exists; choose another --output, or add --force to replace it")
    write_atomically(path, data, original=current)

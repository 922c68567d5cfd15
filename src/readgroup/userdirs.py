"""The user's cache and config folders, as platformdirs gives them, without importing it on Linux.

Importing platformdirs costs about a third of a warm `readgroup next`, so on Linux the folder is
computed here with platformdirs' own rule: an absolute $XDG_CACHE_HOME / $XDG_CONFIG_HOME, else
~/.cache or ~/.config when $HOME is absolute. Tests keep both equal to platformdirs; every other
case (another platform, odd variables) asks platformdirs itself.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not `typing`: its import is a tenth of a warm `readgroup next`
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Literal

_XDG = {"cache": ("XDG_CACHE_HOME", ".cache"), "config": ("XDG_CONFIG_HOME", ".config")}


def user_dir(kind: Literal["cache", "config"], environ: Mapping[str, str]) -> str:
    """platformdirs.user_cache_dir("readgroup") or user_config_dir("readgroup")."""
    if sys.platform == "linux":
        variable, default = _XDG[kind]
        xdg = environ.get(variable, "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, "readgroup")
        home = environ.get("HOME", "")
        if os.path.isabs(home):
            return os.path.join(home, default, "readgroup")
    import platformdirs

    return (
        platformdirs.user_cache_dir("readgroup")
        if kind == "cache"
        else platformdirs.user_config_dir("readgroup")
    )

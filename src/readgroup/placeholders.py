"""Which link values stand for "no link yet". A module of its own, without Pydantic, so that
check-links answered from a snapshot (readgroup.snapshot) need not import the models."""

from __future__ import annotations

import re

_PLACEHOLDER_WORDS = frozenset({"", "tbd", "tba", "tbc", "todo", "n/a", "na", "-", "?", "#"})
# The front page of a site that only hosts things (a video host, a drive, arXiv) stands for a
# link still to come; the front page of any other site (https://deepart.io) is a real link.
_PLACEHOLDER_HOSTS = (
    "youtu.be", "youtube.com", "vimeo.com", "bilibili.com", "drive.google.com", "docs.google.com",
    "arxiv.org", "github.com", "gitlab.com", "hackmd.io", "slideshare.net", "speakerdeck.com",
    "dropbox.com", "onedrive.live.com", "notion.so", "medium.com", "example.com",
)  # fmt: skip
_BARE_HOST = re.compile(
    r"^https?://(?:www\.|m\.)?(?:" + "|".join(re.escape(host) for host in _PLACEHOLDER_HOSTS) + r")/?$",
    re.IGNORECASE,
)


def is_placeholder(value: str) -> bool:
    """True for link values that stand for "no link yet".

    Empty text, dots (`....`), TBD-like words, and the bare front page of a hosting site
    (`https://youtu.be/`): none of them can point at a paper, slides or a video.
    """
    text = value.strip()
    # `not text.strip(".")`: only dots; three times faster than set(text) <= {"."} on long URLs
    return text.lower() in _PLACEHOLDER_WORDS or not text.strip(".") or bool(_BARE_HOST.match(text))

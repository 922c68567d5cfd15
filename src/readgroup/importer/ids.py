"""Paper and track ids: short readable slugs, unique within the file."""

from __future__ import annotations

import re
from typing import Any

from anyascii import anyascii

_MAX = 48


def slug(text: str) -> str:
    """'Fast R-CNN' -> 'fast-rcnn', 'Pre-R-CNN' -> 'pre-rcnn', 'YOLO v2' -> 'yolo-v2',
    '開源研究計劃' -> 'kai-yuan-yan-jiu-ji-hua' (CJK and other scripts transliterated by anyascii).

    A one-letter word hyphenated to the next (R-CNN, U-Net, t-SNE) is one name, as the
    shipped syllabus writes it. Long titles are cut at a word boundary."""
    if not text.isascii():
        # CJK and Hangul: one word per character (syllable), so the id keeps word breaks
        text = "".join(f" {anyascii(char)} " if ord(char) >= 0x2E80 else anyascii(char) for char in text)
    words = re.findall(r"[a-z0-9]+", re.sub(r"(?<![a-z0-9])([a-z0-9])-(?=[a-z0-9])", r"\1", text.lower()))
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > _MAX and out:
            break
        out = candidate
    return out[:_MAX].strip("-")


def unique_ids(papers: list[dict[str, Any]], notes: list[str]) -> None:
    seen: set[str] = set()
    for paper in papers:
        base = paper["id"] or "paper"
        candidate, number = base, 2
        while candidate in seen:
            candidate, number = f"{base}-{number}", number + 1
        if candidate != paper["id"] and paper["id"]:
            notes.append(f"{paper['title']!r}: id {base!r} was taken; using {candidate!r}")
        paper["id"] = candidate
        seen.add(candidate)

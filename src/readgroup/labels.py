"""How each link kind is labelled for people (render.py and the fast path's plain text)."""

LABELS: dict[str, str] = {
    "paper": "paper",
    "slides": "slides",
    "video": "video",
    "code": "code",
    "pytorch": "pytorch",
    "pytorch_video": "pt-video",
    "notes": "notes",
}

"""The JSON keys of every report are a contract: pin them exactly."""

from __future__ import annotations

from conftest import invoke_json

PAPER_KEYS = {"id", "title", "track", "date", "presenters", "links", "missing"}


def test_schedule_contract() -> None:
    data = invoke_json("schedule")
    assert set(data) == {"group", "sessions"}
    for session in data["sessions"]:
        assert set(session) == {"date", "papers"}
        for paper in session["papers"]:
            assert set(paper) == PAPER_KEYS
    lenet = data["sessions"][0]["papers"][0]
    assert lenet == {
        "id": "lenet",
        "title": "LeNet",
        "track": "cnn",
        "date": "2018-03-08",
        "presenters": [],
        "links": {
            "paper": "http://yann.lecun.com/exdb/publis/pdf/lecun-98.pdf",
            "slides": "https://hackmd.io/p/BkxYFCnOM#/",
            "video": "https://youtu.be/5F7SnpjTas8?t=5m30s",
            "code": "http://yann.lecun.com/exdb/lenet/index.html",
        },
        "missing": [],
    }


def test_next_contract() -> None:
    data = invoke_json("next", "--today", "2018-03-01")
    assert set(data) == {"session", "tbd", "skipped", "forum", "member", "you_present"}
    assert data["forum"] == "https://discord.gg/jMCVCbJ" and data["skipped"] == []
    assert set(data["session"]) == {"date", "papers"}
    assert all(set(p) == PAPER_KEYS for p in data["session"]["papers"] + data["tbd"])


def test_missing_contract() -> None:
    rows = invoke_json("missing")
    assert rows and all(set(row) == {"date", "paper", "title", "missing"} for row in rows)


def test_progress_contract() -> None:
    data = invoke_json("progress", "--today", "2018-05-01")
    assert set(data) == {"today", "sessions", "papers", "tracks", "links"}
    assert set(data["sessions"]) == {"held", "total"}
    assert set(data["papers"]) == {"covered", "total"}
    for track in data["tracks"]:
        assert set(track) == {"id", "name", "sessions", "papers"}
    assert set(data["links"]) == {"paper", "slides", "video", "code", "pytorch", "pytorch_video", "notes"}
    assert all(set(v) == {"present", "total"} for v in data["links"].values())


def test_show_contract() -> None:
    assert set(invoke_json("show", "ssd")) == PAPER_KEYS


def test_validate_contract() -> None:
    data = invoke_json("validate")
    assert set(data) == {"file", "ok", "errors", "warnings"}
    assert data["ok"] is True

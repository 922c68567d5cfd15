"""announce: the message for each target, and posting it to a webhook on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke

from readgroup.announce.post import retry_after

TEXT_2018_03_20 = """\
PyTorch Taipei: next meeting

Thursday 22 March 2018, 19:00–21:00 (Asia/Taipei)
Where: 台灣大學普通教學館305教室

NIN (CNN)
Presenter: to be assigned
  Paper: https://arxiv.org/pdf/1312.4400.pdf
  Slides: https://www.slideshare.net/gilbert6555tw/nin-20180319-91529205
  Video: https://www.youtube.com/watch?v=BkvywRsPPuA

Questions before then? Ask in the forum: https://discord.gg/jMCVCbJ
"""


def announce(*args: str, env: dict[str, str] | None = None) -> Any:
    return invoke("announce", *args, env=env)


def test_the_text_message_reads_like_the_groups_post() -> None:
    result = announce("--today", "2018-03-20")
    assert result.exit_code == 0, result.output
    assert result.stdout == TEXT_2018_03_20


def test_a_two_paper_week_after_a_holiday_names_the_skipped_week_and_what_is_missing() -> None:
    text = announce("--today", "2018-03-30").stdout
    assert "Thursday 12 April 2018, 19:00–21:00 (Asia/Taipei)" in text
    assert "No meeting on Thursday 5 April 2018 (Tomb-Sweeping Day holiday)." in text
    assert "VGGNet (CNN)" in text and "ResNet (CNN)" in text
    assert "  PyTorch: https://github.com/pecu/PyTorch_CSX/tree/master/05_Deep_Residual_Network" in text
    assert "  Not in yet: slides, video" in text
    # After the holiday has passed it is no longer news.
    assert "No meeting" not in announce("--today", "2018-04-06").stdout


def test_the_readers_time_zone_is_added_and_may_change_the_day() -> None:
    berlin = announce("--today", "2018-03-20", "--timezone", "Europe/Berlin").stdout
    assert "Thursday 22 March 2018, 12:00–14:00 in Europe/Berlin" in berlin
    la = announce("--today", "2018-03-20", "--timezone", "America/Los_Angeles").stdout
    assert "Thursday 22 March 2018, 04:00–06:00 in America/Los_Angeles" in la
    tonga = announce("--today", "2018-03-20", "--timezone", "Pacific/Kiritimati").stdout
    assert "Friday 23 March 2018, 01:00–03:00 in Pacific/Kiritimati" in tonga
    bad = announce("--timezone", "Mars/Olympus")
    assert bad.exit_code == 2 and "unknown time zone 'Mars/Olympus'" in bad.stderr


def test_discord_gets_markdown_with_masked_links_and_no_preview_cards() -> None:
    text = announce("--today", "2018-03-30", "--format", "discord").stdout
    assert text.startswith("**PyTorch Taipei: next meeting**\n")
    assert "📅 **Thursday 12 April 2018, 19:00–21:00** (Asia/Taipei)" in text
    assert "[Paper](<https://arxiv.org/pdf/1409.1556/>) · [Slides](<https://medium.com/" in text
    assert "💬 Questions before then? Ask in the [forum](<https://discord.gg/jMCVCbJ>)." in text
    assert "|" not in text and "#" not in text.replace("#/", "")  # no tables, no headings


def test_slack_gets_mrkdwn_links_and_bold() -> None:
    text = announce("--today", "2018-03-30", "--format", "slack").stdout
    assert text.startswith("*PyTorch Taipei: next meeting*\n")
    assert ":date: *Thursday 12 April 2018, 19:00–21:00* (Asia/Taipei)" in text
    assert "<https://arxiv.org/pdf/1409.1556/|Paper> · <https://medium.com/" in text
    assert "**" not in text and "](" not in text  # not Discord's Markdown


def test_markdown_has_headings_and_lists() -> None:
    text = announce("--today", "2018-03-30", "--format", "markdown").stdout
    assert text.startswith("## PyTorch Taipei: next meeting\n")
    assert "### VGGNet (CNN)" in text
    assert "- [Paper](<https://arxiv.org/pdf/1409.1556/>)" in text


def test_after_the_last_meeting_the_message_says_the_syllabus_is_finished() -> None:
    text = announce("--today", "2018-08-01").stdout
    assert text.startswith("PyTorch Taipei: the syllabus is finished")
    assert "Still to be scheduled: YOLO v2, YOLO v3." in text


def test_text_from_the_file_cannot_ping_or_format_in_a_chat(edited) -> None:  # type: ignore[no-untyped-def]
    path = edited('title = "NIN"', 'title = "NIN @everyone <!channel> **x** & <@123>"')
    discord = invoke("--file", str(path), "--today", "2018-03-20", "announce", "--format", "discord").stdout
    assert "NIN \\@everyone \\<!channel\\> \\*\\*x\\*\\* & \\<\\@123\\>" in discord
    slack = invoke("--file", str(path), "--today", "2018-03-20", "announce", "--format", "slack").stdout
    assert "NIN @everyone &lt;!channel&gt; **x** &amp; &lt;@123&gt;" in slack


# -- posting ------------------------------------------------------------------------------------


class Webhook:
    """A local incoming webhook: records each POST and answers from a script of statuses."""

    def __init__(self, answers: list[tuple[int, dict[str, str]]]) -> None:
        self.answers = answers
        self.received: list[tuple[str, dict[str, str], Any]] = []
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                webhook.received.append((self.path, dict(self.headers), body))
                status, headers = webhook.answers.pop(0) if webhook.answers else (204, {})
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/webhooks/123/SECRET-TOKEN"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    server = Webhook([])
    yield server
    server.close()


def test_a_discord_post_arrives_as_content_with_mentions_off(webhook: Webhook) -> None:
    result = announce("--today", "2018-03-20", "--format", "discord", "--post", webhook.url)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "answered HTTP 204" in result.stderr
    [(path, headers, body)] = webhook.received
    assert path == "/api/webhooks/123/SECRET-TOKEN"
    assert headers["Content-Type"] == "application/json"
    expected = announce("--today", "2018-03-20", "--format", "discord").stdout
    assert body == {"content": expected, "allowed_mentions": {"parse": []}}


def test_a_slack_post_arrives_as_text_and_the_url_can_come_from_the_environment(webhook: Webhook) -> None:
    env = {"TEAM_WEBHOOK": webhook.url}
    result = announce("--today", "2018-03-20", "--format", "slack", "--post", "env:TEAM_WEBHOOK", env=env)
    assert result.exit_code == 0, result.output
    [(_, _, body)] = webhook.received
    assert body == {"text": announce("--today", "2018-03-20", "--format", "slack").stdout}
    missing = announce("--format", "slack", "--post", "env:NOT_SET_ANYWHERE")
    assert missing.exit_code == 2 and "$NOT_SET_ANYWHERE is not set" in missing.stderr


def test_429_is_retried_once_after_retry_after(webhook: Webhook) -> None:
    webhook.answers = [(429, {"Retry-After": "0"}), (204, {})]
    result = announce("--today", "2018-03-20", "--format", "discord", "--post", webhook.url)
    assert result.exit_code == 0, result.output
    assert len(webhook.received) == 2 and webhook.received[0][2] == webhook.received[1][2]


def test_a_server_error_twice_is_one_line_with_the_status_and_exit_4(webhook: Webhook) -> None:
    webhook.answers = [(503, {"Retry-After": "0"}), (502, {})]
    result = announce("--today", "2018-03-20", "--format", "slack", "--post", webhook.url)
    assert result.exit_code == 4
    assert result.stderr == "readgroup: 127.0.0.1 answered HTTP 502; not posted\n"
    assert len(webhook.received) == 2
    assert "SECRET-TOKEN" not in result.output  # the webhook's path is its password


def test_a_client_error_is_not_retried(webhook: Webhook) -> None:
    webhook.answers = [(404, {})]
    result = announce("--today", "2018-03-20", "--format", "discord", "--post", webhook.url)
    assert result.exit_code == 4 and "HTTP 404" in result.stderr
    assert len(webhook.received) == 1


def test_a_long_retry_after_is_not_waited_for(webhook: Webhook) -> None:
    webhook.answers = [(429, {"Retry-After": "3600"})]
    result = announce("--today", "2018-03-20", "--format", "discord", "--post", webhook.url)
    assert result.exit_code == 4 and "HTTP 429 and asked to wait 3600 s" in result.stderr
    assert len(webhook.received) == 1


def test_an_unreachable_webhook_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = announce("--format", "discord", "--today", "2018-03-20", "--post", f"http://127.0.0.1:{port}/x")
    assert result.exit_code == 4
    assert result.stderr.startswith("readgroup: could not reach 127.0.0.1") and result.stderr.count("\n") == 1


def test_post_needs_a_chat_format_and_nothing_is_posted_when_no_meeting_is_left(webhook: Webhook) -> None:
    result = announce("--format", "text", "--post", webhook.url)
    assert result.exit_code == 2 and "--format discord or --format slack" in result.stderr
    unknown = announce("--post", webhook.url)  # a local address says nothing about its kind
    assert unknown.exit_code == 2 and "--format discord" in unknown.stderr
    done = announce("--today", "2018-08-01", "--format", "discord", "--post", webhook.url)
    assert done.exit_code == 0 and "nothing was posted" in done.stderr
    assert webhook.received == []
    bad = announce("--format", "discord", "--post", "file:///etc/passwd")
    assert bad.exit_code == 2 and "http:// or https://" in bad.stderr


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = dt.datetime(2018, 3, 20, 12, 0, tzinfo=dt.UTC)
    assert retry_after("7", now) == 7.0
    assert retry_after("Tue, 20 Mar 2018 12:00:30 GMT", now) == 30.0
    assert retry_after("Tue, 20 Mar 2018 11:00:00 GMT", now) == 0.0
    assert retry_after(None, now) == 1.0 and retry_after("soon", now) == 1.0


def test_the_kind_of_webhook_is_known_from_its_host() -> None:
    from readgroup.announce.post import guess_format

    assert guess_format("https://discord.com/api/webhooks/1/abc") == "discord"
    assert guess_format("https://hooks.slack.com/services/T/B/x") == "slack"
    assert guess_format("https://example.org/hook") is None


def test_skipped_before_and_forum_link_are_pure_helpers_for_next_and_announce() -> None:
    from conftest import DATA

    from readgroup.loader import parse
    from readgroup.schedule import forum_link, next_session, skipped_before

    syllabus = parse(DATA.read_text(encoding="utf-8"))
    after_googlenet = dt.datetime(2018, 3, 30)
    session = next_session(syllabus, after_googlenet)
    assert session is not None and session.date == dt.date(2018, 4, 12)
    assert [skip.date for skip in skipped_before(syllabus, session, after_googlenet)] == [dt.date(2018, 4, 5)]
    assert skipped_before(syllabus, session, dt.datetime(2018, 4, 6)) == []  # past news
    nin = next_session(syllabus, dt.datetime(2018, 3, 20))
    assert nin is not None and skipped_before(syllabus, nin, dt.datetime(2018, 3, 20)) == []
    assert forum_link(syllabus) == ("forum", "https://discord.gg/jMCVCbJ")
    renamed = syllabus.model_copy(
        update={"group": syllabus.group.model_copy(update={"links": {"talk": "https://discord.gg/x"}})}
    )
    assert forum_link(renamed) == ("talk", "https://discord.gg/x")  # known by its host

"""Generate a realistic syllabus of N papers for the benchmarks.

python benchmarks/generate.py 5000 > big.toml
"""

from __future__ import annotations

import datetime as dt
import sys

KINDS = ("paper", "slides", "video", "code")
# Dates must stay before 3000 (models.LATEST): past this many weeks the sessions start over at
# the first week and share it (100,000 papers make about 40,000 sessions of two or three papers).
MAX_WEEKS = 40_000


def syllabus_text(papers: int, *, start: dt.date = dt.date(2018, 3, 8)) -> str:
    """Thursday sessions of one or two papers, five tracks, a few TBD papers and skips,
    and links of several kinds with some missing, as a lead would write it."""
    out = [
        "# Generated for benchmarks.\n",
        '[group]\nname = "Benchmark group"\ntimezone = "Asia/Taipei"\nweekday = "thursday"\n',
        'start_time = 19:00:00\nend_time = 21:00:00\nvenue = "Room 305"\n',
        'required = ["paper", "slides", "video"]\n\n[group.links]\nforum = "https://forum.example.org/g"\n\n',
    ]
    tracks = [f"track-{t}" for t in range(5)]
    for track in tracks:
        out.append(f'[[tracks]]\nid = "{track}"\nname = "{track.title()}"\n\n')
    span = min(papers, MAX_WEEKS)
    skips = {start + dt.timedelta(weeks=w) for w in range(13, span, 52)}
    for day in sorted(skips):
        out.append(f'[[skips]]\ndate = {day.isoformat()}\nreason = "Holiday"\n\n')
    week = 0
    for i in range(papers):
        if i % 7 != 1:  # every seventh paper shares the week of the one before
            week += 1
            while start + dt.timedelta(weeks=week % span) in skips:
                week += 1
        day = start + dt.timedelta(weeks=week % span)
        date = '"TBD"' if i % 97 == 96 else day.isoformat()
        out.append(
            f'[[papers]]\nid = "paper-{i}"\ntitle = "Paper {i}"\ntrack = "{tracks[i * 5 // papers]}"\n'
            f"date = {date}\n"
        )
        if i % 3 == 0:
            out.append(f'presenter = "Member {i % 17}"\n')
        out.append("[papers.links]\n")
        for k, kind in enumerate(KINDS):
            if (i + k) % 4 != 3:
                out.append(f'{kind} = "https://host{i % 10}.example.org/{kind}/{i}"\n')
        out.append("\n")
    return "".join(out)


if __name__ == "__main__":
    sys.stdout.write(syllabus_text(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))

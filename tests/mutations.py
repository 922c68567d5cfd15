"""Ways to break a syllabus file, shared by the fuzz test and benchmarks/fuzz_loader.py.

`mutate` applies a few random edits to the bytes of a file: what a slip of the keyboard, a bad
merge or a hostile file could do. The `random.Random` it takes can be Hypothesis's own
(`st.randoms()`), so failures shrink, or a seeded one in the benchmark.
"""

from __future__ import annotations

import random
from collections.abc import Callable

Mutator = Callable[[bytes, random.Random], bytes]

CONTROL = [
    b"\x1b",
    b"\x1b[2J",
    b"\x1b]0;x\x07",
    b"\x00",
    b"\x07",
    b"\r",
    b"\x7f",
    b"\xc2\x9b",
    b"\xe2\x80\xae",
]
ESCAPED_CONTROL = [b"\\u001b", b"\\u001b[2J", b"\\u0000", b"\\u009b", b"\\u202e", b"\\r", b"\\b"]
BRACKETS = [b"[", b"]", b"[[", b"]]", b"[bold]", b"[/]", b"[link=x]", b"{", b"}", b"[]", b"tags[]=cnn"]
NUMBERS = [
    b"9" * 30,
    b"9" * 5000,
    b"-" + b"9" * 20,
    b"1e999",
    b"nan",
    b"0x" + b"f" * 40,
    b"9999-12-31",
    b"0001-01-01",
]


def _at(data: bytes, rng: random.Random) -> int:
    return rng.randint(0, len(data))


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def flip_byte(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]


def delete_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines.insert(at, lines[at])
    return b"\n".join(lines)


def insert(choices: list[bytes]) -> Mutator:
    def mutator(data: bytes, rng: random.Random) -> bytes:
        at = _at(data, rng)
        return data[:at] + rng.choice(choices) + data[at:]

    mutator.__name__ = "insert"
    return mutator


def into_a_value(data: bytes, rng: random.Random) -> bytes:
    """Escaped control characters inside a quoted value: valid TOML, so the schema must catch them."""
    quotes = [i for i, byte in enumerate(data) if byte == ord('"')]
    if not quotes:
        return data
    at = rng.choice(quotes) + 1
    return data[:at] + rng.choice(ESCAPED_CONTROL) + data[at:]


def replace_value(data: bytes, rng: random.Random) -> bytes:
    """The value of one `key = value` line replaced by a number, a date or a bracket."""
    lines = _lines(data)
    keyed = [i for i, line in enumerate(lines) if b" = " in line]
    if not keyed:
        return data
    index = rng.choice(keyed)
    key = lines[index].split(b" = ", 1)[0]
    lines[index] = key + b" = " + rng.choice(NUMBERS + BRACKETS + [b"21", b"18:00:00", b'"TBD"', b"true"])
    return b"\n".join(lines)


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([40, 200, 2000, 20000])
    nests = [
        b"x = " + b"[" * depth,
        b"x = " + b"[" * depth + b"]" * depth,
        b"x = " + b"{a = " * depth + b"1" + b"}" * depth,
        b".".join([b"a"] * depth) + b" = 1",
        b"[" + b".".join([b"a"] * depth) + b"]",
        b"[" * depth,
    ]
    at = _at(data, rng)
    return data[:at] + b"\n" + rng.choice(nests) + b"\n" + data[at:]


def long_line(data: bytes, rng: random.Random) -> bytes:
    filler = rng.choice([b"a=", b" ", b"a", b"[", b"=", b'"', b"\\u001b"]) * rng.choice([100, 5000, 40000])
    at = _at(data, rng)
    return data[:at] + filler + data[at:]


MUTATORS: list[Mutator] = [
    flip_byte,
    delete_line,
    duplicate_line,
    insert(CONTROL),
    insert(BRACKETS),
    insert(NUMBERS),
    into_a_value,
    replace_value,
    deep_nesting,
    long_line,
]


def mutate(data: bytes, rng: random.Random, *, edits: int | None = None) -> bytes:
    for _ in range(edits if edits is not None else rng.randint(1, 4)):
        data = rng.choice(MUTATORS)(data, rng)
    return data


def random_bytes(rng: random.Random, size: int = 400) -> bytes:
    return bytes(rng.randrange(256) for _ in range(rng.randint(0, size)))

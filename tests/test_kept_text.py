"""A gathered value that ends with its file's own text is cached without that text: the file
gives it back, and only while it is what it was."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from filmlint.rulekit import kept_text

#: Text as files hold it: ASCII, CJK, an emoji, line breaks, a BOM, a lone surrogate.
CHARACTERS = st.sampled_from([*"ab-:\n\r \t\"'", "美", "國", "é", "😀", "\ufeff", "\udc80"])
TEXTS = st.lists(CHARACTERS, max_size=400).map("".join)
#: At least 300 bytes: long enough to be kept as a note.
LONG_TEXTS = st.lists(CHARACTERS, min_size=300, max_size=500).map("".join)


def encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@given(head=TEXTS, text=TEXTS, rest=st.binary(max_size=40))
def test_a_tail_detached_from_a_value_comes_back_from_the_files_bytes(
    head: str, text: str, rest: bytes
) -> None:
    value = encoded(head + text)
    raw = encoded(text) + rest
    cut = kept_text.detach(value, raw)
    if cut is None:
        return
    tail = value[cut:]
    assert raw.startswith(tail) and len(tail) >= kept_text.SHORTEST
    stored = value[:cut].decode("utf-8", "surrogatepass")  # cut on a character's first byte
    assert kept_text.attach(stored, len(tail), kept_text.digest(tail), raw) == head + text
    note = kept_text.detached(stored, len(tail), kept_text.digest(tail))
    assert note.startswith(stored)
    assert kept_text.resolve(note[len(stored) :], "film.md", lambda path: raw) == value[
        cut:
    ].decode("utf-8", "surrogatepass")


@given(head=TEXTS, text=LONG_TEXTS)
def test_the_front_matter_after_a_head_is_found(head: str, text: str) -> None:
    """What translation-mismatch gathers: a first line (no copy of the file's start in it),
    then the file's text from its first line."""
    head, text = head.replace("\n", " ") + "\n", "---\n" + text
    raw = encoded(text) + b"Body.\n"
    assume(raw[:32] not in encoded(head))
    value = encoded(head + text)
    cut = kept_text.detach(value, raw)
    assert cut is not None
    assert raw.startswith(value[cut:])


def test_a_text_that_repeats_itself_is_searched_a_few_times_only() -> None:
    raw = b"a" * 40 + b"b" * 300
    assert kept_text.detach(b"a" * 3 + raw, raw) == 3  # the fourth place that starts so
    assert kept_text.detach(b"a" * 9 + raw, raw) is None  # the tenth: stored whole
    endless = b"a" * 1_000_000  # every place starts so: a few are tried, not a million
    assert kept_text.detach(endless + b"c", endless + b"b") is None


@given(text=LONG_TEXTS, at=st.integers(0, 299))
def test_a_file_changed_in_its_kept_bytes_gives_nothing_back(text: str, at: int) -> None:
    raw = encoded(text)
    changed = raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1 :]
    note = kept_text.detached("", len(raw), kept_text.digest(raw))
    assert kept_text.attach("", len(raw), kept_text.digest(raw), changed) is None
    assert kept_text.attach("", len(raw), kept_text.digest(raw), raw[:-1]) is None
    assert kept_text.resolve(note, "film.md", lambda path: changed) is None
    assert kept_text.resolve(note, "film.md", None) is None


def test_a_file_that_cannot_be_read_gives_nothing_back() -> None:
    def unreadable(path: str) -> bytes:
        raise PermissionError(13, "Permission denied", path)

    note = kept_text.detached("", 300, "0" * 32)
    assert kept_text.resolve(note, "film.md", unreadable) is None


@pytest.mark.parametrize(
    "tail",
    [
        "---\ntitle: Alien\n---\n",
        kept_text.MARK,  # the mark alone, or with what no note has after it
        kept_text.MARK + "12:xyz",
        kept_text.MARK + "12:" + "0" * 32 + "\n",
        "x" + kept_text.detached("", 300, "0" * 32),
    ],
)
def test_a_tail_that_is_no_note_is_the_text_itself(tail: str) -> None:
    assert kept_text.resolve(tail, "film.md", lambda path: b"") == tail


@pytest.mark.parametrize(
    ("value", "raw"),
    [
        (b"x" * 300, b"y" * 300),  # no tail of the file's
        (b"head" + b"a" * 100, b"a" * 400),  # too short a tail to be worth a note
        (b"head" + "美".encode() * 100, "美".encode() * 100),  # found, and kept
        (b"head" + "美".encode()[1:] * 200, "美".encode()[1:] * 200),  # starts mid-character
    ],
)
def test_only_a_long_tail_of_the_files_bytes_from_a_first_character_is_detached(
    value: bytes, raw: bytes
) -> None:
    cut = kept_text.detach(value, raw)
    starts_a_character = not 0x80 <= raw[0] < 0xC0
    assert (cut is not None) == (len(value) >= 300 and raw[:32] in value and starts_a_character)
    assert cut in (None, 4)


def test_a_note_is_read_back_once_and_a_failure_is_tried_again() -> None:
    raw = b"---\n" + b"title: Alien\n" * 30
    note = kept_text.detached("", len(raw), kept_text.digest(raw))
    now = [b"changed"]
    reads: list[str] = []

    def read(path: str) -> bytes:
        reads.append(path)
        return now[0]

    assert kept_text.resolve(note, "film.md", read) is None
    assert kept_text.resolve(note, "film.md", read) is None  # not remembered
    now[0] = raw  # the file is back as it was
    assert kept_text.resolve(note, "film.md", read) == raw.decode()
    assert kept_text.resolve(note, "film.md", read) == raw.decode()  # remembered
    assert reads == ["film.md"] * 3

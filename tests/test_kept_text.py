"""A gathered value that ends with its file's own text is cached without that text: the file
gives it back, and only while its bytes are what they were."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from filmlint.rulekit import kept_text
from filmlint.rulekit.kept_text import FileBytes

#: Text as files hold it once decoded: ASCII, CJK, an emoji, line breaks, a BOM.
CHARACTERS = st.sampled_from([*"ab-:\n\r \t\"'", "美", "國", "é", "😀", "\ufeff"])
TEXTS = st.lists(CHARACTERS, max_size=400).map("".join)
#: A head may also hold a lone surrogate: a path that is not UTF-8, in a set's key.
HEADS = st.lists(st.one_of(CHARACTERS, st.just("\udc80")), max_size=100).map("".join)
#: At least 300 characters: long enough to be kept as a note.
LONG_TEXTS = st.lists(CHARACTERS, min_size=300, max_size=500).map("".join)


def file_of(text: str) -> FileBytes:
    raw = text.encode()
    return FileBytes(raw, kept_text.digest(raw))


@given(head=HEADS, text=TEXTS, rest=TEXTS)
def test_a_tail_detached_from_a_value_comes_back_from_the_files_bytes(
    head: str, text: str, rest: str
) -> None:
    value, whole = head + text, text + rest
    cut = kept_text.detach(value, whole)
    if cut is None:
        return
    stored, tail = value[:cut], value[cut:]
    assert whole.startswith(tail) and len(tail) >= kept_text.SHORTEST
    file = file_of(whole)
    assert kept_text.restored(stored, len(tail), file.digest, file) == value
    note = kept_text.restored(stored, len(tail), file.digest, None)
    assert note == kept_text.detached(stored, len(tail), file.digest)
    assert note.startswith(stored)
    assert kept_text.resolve(note[len(stored) :], "film.md", lambda path: file.raw) == tail


@given(head=TEXTS, text=LONG_TEXTS)
def test_the_front_matter_after_a_head_is_found(head: str, text: str) -> None:
    """What translation-mismatch gathers: a first line (no copy of the file's start in it),
    then the file's text from its first line."""
    head, text = head.replace("\n", " ") + "\n", "---\n" + text
    whole = text + "Body.\n"
    assume(whole[:32] not in head)
    value = head + text
    cut = kept_text.detach(value, whole)
    assert cut is not None
    assert whole.startswith(value[cut:])


def test_a_text_that_repeats_itself_is_searched_a_few_times_only() -> None:
    text = "a" * 40 + "b" * 300
    assert kept_text.detach("a" * 3 + text, text) == 3  # the fourth place that starts so
    assert kept_text.detach("a" * 9 + text, text) is None  # the tenth: stored whole
    endless = "a" * 1_000_000  # every place starts so: a few are tried, not a million
    assert kept_text.detach(endless + "c", endless + "b") is None


@given(text=LONG_TEXTS, at=st.integers(0, 299))
def test_a_file_changed_in_its_bytes_gives_nothing_back(text: str, at: int) -> None:
    file = file_of(text)
    raw, size = file.raw, len(text)
    flipped = raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1 :]
    note = kept_text.detached("", size, file.digest)
    for changed in (flipped, raw[:-1], raw + b"\n"):
        read = FileBytes(changed, kept_text.digest(changed))
        assert kept_text.restored("", size, file.digest, read) is None
        assert kept_text.resolve(note, "film.md", lambda path, c=changed: c) is None
    assert kept_text.resolve(note, "film.md", None) is None


def test_a_tail_longer_than_the_files_text_gives_nothing_back() -> None:
    file = file_of("---\n" + "title: 美\n" * 40)
    length = len(file.raw.decode())
    assert kept_text.restored("", length, file.digest, file) == file.raw.decode()
    assert kept_text.restored("", length + 1, file.digest, file) is None
    note = kept_text.detached("", length + 1, file.digest)
    assert kept_text.resolve(note, "film.md", lambda path: file.raw) is None


def test_a_file_that_cannot_be_read_gives_nothing_back() -> None:
    def unreadable(path: str) -> bytes:
        raise PermissionError(13, "Permission denied", path)

    note = kept_text.detached("", 300, "0" * 64)
    assert kept_text.resolve(note, "film.md", unreadable) is None


@pytest.mark.parametrize(
    "tail",
    [
        "---\ntitle: Alien\n---\n",
        kept_text.MARK,  # the mark alone, or with what no note has after it
        kept_text.MARK + "12:xyz",
        kept_text.MARK + "12:" + "0" * 32,
        kept_text.MARK + "12:" + "0" * 64 + "\n",
        "x" + kept_text.detached("", 300, "0" * 64),
    ],
)
def test_a_tail_that_is_no_note_is_the_text_itself(tail: str) -> None:
    assert kept_text.resolve(tail, "film.md", lambda path: b"") == tail


@pytest.mark.parametrize(
    ("value", "text", "cut"),
    [
        ("x" * 300, "y" * 300, None),  # no tail of the file's
        ("head" + "a" * 100, "a" * 400, None),  # too short a tail to be worth a note
        ("head" + "美" * 100, "美" * 100, None),  # 300 bytes, but 100 characters: too short
        ("head" + "美" * 300, "美" * 300, 4),  # found, and kept
    ],
)
def test_only_a_long_tail_of_the_files_text_is_detached(
    value: str, text: str, cut: int | None
) -> None:
    assert kept_text.detach(value, text) == cut


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

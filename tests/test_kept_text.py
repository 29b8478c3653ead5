"""A gathered value that ends with its file's front matter is cached without that text: the
file gives it back, and only while its bytes are what they were."""

from __future__ import annotations

import pytest
from hypothesis import given
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
def test_a_tail_kept_as_a_note_comes_back_from_the_files_bytes(
    head: str, text: str, rest: str
) -> None:
    """A value whose tail is the start of its file's text (``text``), kept as its head."""
    value, whole = head + text, text + rest
    file = file_of(whole)
    assert kept_text.restored(head, len(text), file.digest, file) == value
    note = kept_text.restored(head, len(text), file.digest, None)
    assert note == kept_text.detached(head, len(text), file.digest)
    assert note.startswith(head)
    assert kept_text.resolve(note[len(head) :], "film.md", lambda path: file.raw) == text


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

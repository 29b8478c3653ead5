"""The values that flow from checks to reporters: problems, fixes and diagnostics."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Literal, TypeVar

#: A location inside the front matter's data, as the keys and indexes leading to it.
#: ``("sourceUrl", 0, "url")`` is the JSON pointer ``/sourceUrl/0/url``.
DataPath = tuple[str | int, ...]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


#: 1-based line and code-point column, as in diagnostics.
Position = tuple[int, int]

_Plain = TypeVar("_Plain")


def pickled_by_fields(cls: type[_Plain]) -> type[_Plain]:
    """Pickle the dataclass ``cls`` as a call with its fields in order. The default state of
    a slotted dataclass looks up ``fields()`` for each object it pickles: these cross from
    worker processes for every file, and that doubled the cost of sending them."""
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: _Plain) -> tuple[type[_Plain], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text between two offsets (code points into the whole file) with ``content``.

    A check gives the offsets; the linter adds their line and column when it makes the
    diagnostic, so outputs can show them without the file's text.
    """

    start: int
    end: int
    content: str
    start_position: Position | None = field(default=None, compare=False)
    end_position: Position | None = field(default=None, compare=False)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Fix:
    """One or more edits that together resolve a problem."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Literal["safe", "unsafe"] = "safe"


@dataclass(frozen=True, slots=True)
class Problem:
    """What a check reports: a place in the data, never a position in the file.

    ``target`` says which part of the mapping entry at ``path`` is meant: its ``value``, its
    ``key``, or for a mapping the ``start`` of it (where a missing key would go); for a list
    item, ``item`` is where it stands in its list (an alias's ``*name``, not its anchor's).
    ``part`` narrows a string value to the code points ``part[0]:part[1]`` of the string.
    With ``target="body"`` the problem is in the Markdown body, which has no data path:
    ``part`` is then code-point offsets into the body (``document.text[document.body_start:]``).
    ``rule`` is left None by a rule (it is the rule's own); the schema check, which speaks
    for several rules, sets it.
    """

    path: DataPath
    message: str
    target: Literal["value", "key", "start", "item", "body"] = "value"
    part: tuple[int, int] | None = None
    severity: Severity | None = None
    fix: Fix | None = None
    rule: str | None = None

    @property
    def pointer(self) -> str:
        return pointer_of(self.path)


def pointer_of(path: DataPath) -> str:
    """The RFC 6901 JSON pointer for ``path``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem placed in the file: code-point offsets, not yet lines and columns."""

    rule: str
    message: str
    start: int
    end: int
    severity: Severity | None = None
    fix: Fix | None = None
    #: The data path of the problem, when it has one (parse findings have none).
    data_path: DataPath | None = None
    #: The data path of the value the problem is about as a whole (not its key, not a part
    #: of it): a schema problem there yields to a rule's (see ``placement.yielding``).
    value_path: DataPath | None = None
    #: For a schema problem with a list as a whole: the rule whose problem with one of its
    #: items says it more precisely (see ``schema.messages.ListProblem``).
    items_rule: str | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class RelatedLocation:
    """A place another file (or the same one) holds that a diagnostic is about, and why."""

    path: str
    line: int
    column: int
    message: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file, as every output shows it.

    Lines and columns are 1-based and count Unicode code points; ``end_line``/``end_column``
    point just past the last character of the offending text.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    fix: Fix | None = field(default=None, compare=False)
    #: Where in the data the problem is: what a fix may change (see ``filmlint.engine.fixer``).
    data_path: DataPath | None = field(default=None, compare=False)
    #: Other places the problem is about (a translation's base value), in other files too.
    related: tuple[RelatedLocation, ...] = field(default=(), compare=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The diagnostic as the ``json`` output format writes it, plain JSON values::

            {"path": "films/alien-1979.md", "line": 3, "column": 7,
             "end_line": 3, "end_column": 11, "code": "FL201", "rule": "country-code",
             "severity": "error", "message": "...",
             "fix": null | {"applicability": "safe" | "unsafe", "message": "...",
                            "edits": [{"start": {"line": 3, "column": 7},
                                       "end": {"line": 3, "column": 11},
                                       "content": "US"}]},
             "related": [{"path": "films/alien-1979.md", "line": 7, "column": 7,
                          "message": "..."}]}


        Lines and columns are 1-based code points; an edit's ``end`` is just past the text it
        replaces (``start`` == ``end``: an insertion). An edit's positions are null only for
        an edit made outside the linter, which places them. ``related`` is there only when
        the problem has related locations.
        """
        found = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "fix": _fix_dict(self.fix),
        }
        if self.related:
            found["related"] = [
                {"path": r.path, "line": r.line, "column": r.column, "message": r.message}
                for r in self.related
            ]
        return found


def _fix_dict(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [
            {
                "start": _position_dict(edit.start_position),
                "end": _position_dict(edit.end_position),
                "content": edit.content,
            }
            for edit in fix.edits
        ],
    }


def _position_dict(position: Position | None) -> dict[str, int] | None:
    return None if position is None else {"line": position[0], "column": position[1]}


@pickled_by_fields
# Not frozen, unlike the other records here: a run makes one or more a file, and a frozen
# dataclass's constructor (a call of object.__setattr__ per field) costs 17k instructions
# against 3k. Hashed by its fields all the same: treat it as immutable.
@dataclass(slots=True, unsafe_hash=True)
class Reference:
    """A value a rule gathered from one file for its run-level phase, placed in that file.

    Plain data (picklable), so a worker process or a per-file result cache can carry it;
    not to be changed once made (``dataclasses.replace`` makes another). ``start``/``end``
    span the value as written (quotes included), ``content`` its text inside the quotes when
    spelled verbatim (the span an edit replaces), else None.
    """

    rule: str
    value: str
    file: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    content: tuple[int, int] | None = None
    #: Where the value is in the data (what a fix of it may change).
    data_path: DataPath = field(default=(), compare=False)
    #: False where the file turns the rule off (``per-file-ignores``; a suppression comment,
    #: for a value about the whole file). A rule that ``reads_translations`` is still given
    #: it, as one version of its film, and nothing it reports there is shown; any other
    #: rule is not.
    reported: bool = True


@dataclass(frozen=True, slots=True)
class ReferenceProblem:
    """What a rule's run-level phase reports about one reference."""

    reference: Reference
    message: str
    severity: Severity | None = None
    fix: Fix | None = None
    related: tuple[RelatedLocation, ...] = ()

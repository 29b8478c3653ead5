"""Import jsonschema-rs without the standard library's email package.

jsonschema-rs's module records its build time when it loads, reading the date through
``email.utils.parsedate_to_datetime``; importing email.utils loads socket, random, base64,
calendar and most of the email package (about 5% of the instructions of a one-file check),
for one date in one fixed form. While jsonschema-rs loads, ``email.utils`` is a stand-in that
reads that form itself and hands every other name, and any other form, to the real module.
"""

from __future__ import annotations

import datetime
import importlib
import sys
import types
from typing import Any

_MODULE = "email.utils"
_DAYS = ("Mon,", "Tue,", "Wed,", "Thu,", "Fri,", "Sat,", "Sun,")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def load_jsonschema_rs() -> None:
    """Load jsonschema-rs, for an ``import jsonschema_rs`` after it (ImportError when it is
    not installed)."""
    if "jsonschema_rs" in sys.modules or _MODULE in sys.modules:
        return
    stand_in = _DatesOnly(_MODULE)
    sys.modules[_MODULE] = stand_in
    try:
        importlib.import_module("jsonschema_rs")
    finally:
        if sys.modules.get(_MODULE) is stand_in:
            del sys.modules[_MODULE]


def _real_email_utils(stand_in: types.ModuleType) -> types.ModuleType:
    if sys.modules.get(_MODULE) is stand_in:
        del sys.modules[_MODULE]
    return importlib.import_module(_MODULE)


class _DatesOnly(types.ModuleType):
    """``email.utils`` as jsonschema-rs uses it; any other name comes from the real module
    (so that another thread importing email.utils meanwhile still gets all of it)."""

    def parsedate_to_datetime(self, value: str) -> datetime.datetime:
        parsed = parse_rfc2822_date(value)
        if parsed is None:
            real = _real_email_utils(self).parsedate_to_datetime(value)
            assert isinstance(real, datetime.datetime)
            return real
        return parsed

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system's questions (__path__, ...)
            raise AttributeError(name)
        return getattr(_real_email_utils(self), name)


def parse_rfc2822_date(value: str) -> datetime.datetime | None:
    """``email.utils.parsedate_to_datetime`` for the form ``Thu, 12 Nov 2026 07:50:16
    +0000`` (a week day and a comma, a four-digit year, a numeric zone), or None for any other
    text."""
    parts = value.split(" ")
    if len(parts) != 6 or parts[0] not in _DAYS or parts[2] not in _MONTHS:
        return None
    _, day, month, year, clock, zone = parts
    times = clock.split(":")
    numbers = [day, year, *times, zone[1:]]
    if len(times) != 3 or len(year) != 4 or len(zone) != 5 or zone[:1] not in ("+", "-"):
        return None
    if zone == "-0000":  # an unknown zone: email.utils gives a naive datetime
        return None
    if not all(n.isascii() and n.isdigit() for n in numbers):
        return None
    minutes = int(zone[1:3]) * 60 + int(zone[3:])
    hour, minute, second = map(int, times)
    try:
        zone_info = datetime.timezone(
            datetime.timedelta(minutes=-minutes if zone[0] == "-" else minutes)
        )
        return datetime.datetime(
            int(year), _MONTHS.index(month) + 1, int(day), hour, minute, second, tzinfo=zone_info
        )
    except ValueError:
        return None

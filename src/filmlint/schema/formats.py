"""The ``format`` tests filmlint applies itself, with the exact definitions JSON Schema cites:
``date-time`` and ``time`` as RFC 3339 writes them (section 5.6: a time has its offset;
``T``/``Z`` in either case; a leap second ``:60``), ``uuid`` as RFC 4122 writes it. Digits
are ASCII. A value that is not a string passes, as for every format.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

_TIME = r"(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))"
_FULL_TIME = re.compile(_TIME, re.ASCII)
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt]" + _TIME, re.ASCII)
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}", re.ASCII)


def is_date_time(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    found = _DATE_TIME.fullmatch(instance)
    if found is None:
        return False
    try:
        datetime.date.fromisoformat(found[1])
    except ValueError:
        return False
    return _is_clock(found[2], found[3], found[4], found[5], found[6])


def is_time(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    found = _FULL_TIME.fullmatch(instance)
    return found is not None and _is_clock(*found.groups())


def is_uuid(instance: object) -> bool:
    return not isinstance(instance, str) or _UUID.fullmatch(instance) is not None


def _is_clock(
    hour: str, minute: str, second: str, offset_hour: str | None, offset_minute: str | None
) -> bool:
    """Hours below 24, minutes below 60, a second up to 60 (a leap second), an offset's
    hours and minutes likewise."""
    offset_ok = offset_hour is None or (int(offset_hour) < 24 and int(offset_minute or 0) < 60)
    return int(hour) < 24 and int(minute) < 60 and int(second) <= 60 and offset_ok


#: Each format's test, by name.
CHECKS: dict[str, Callable[[object], bool]] = {
    "date-time": is_date_time,
    "time": is_time,
    "uuid": is_uuid,
}

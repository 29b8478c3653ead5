"""What checking one URL found: a result class, a short detail, and when it was found."""

from __future__ import annotations

import math
from typing import Any, Literal, NamedTuple

Status = Literal["ok", "redirected", "broken", "blocked", "timeout", "refused", "unchecked"]
STATUSES: tuple[Status, ...] = (
    "ok",
    "redirected",
    "broken",
    "blocked",
    "timeout",
    "refused",
    "unchecked",
)
#: What says nothing about the URL itself, so is never cached: ``refused`` depends on this
#: run's resolver and options, ``unchecked`` on the run's deadline or the network's outage.
UNCACHEABLE: frozenset[Status] = frozenset({"refused", "unchecked"})

#: Keys of the ``ttl-hours`` option: the result classes, and ``error`` for failures of the
#: network itself (no such host, connection refused), which may mend soon.
TTL_KEYS = ("ok", "redirected", "broken", "blocked", "timeout", "error")


class Outcome(NamedTuple):  # not a dataclass: cheaper to build at import
    status: Status
    #: What was seen, for the message: ``404 Not Found``, ``no such host``, ...
    detail: str
    #: When (Unix time) the URL was checked.
    checked: float
    #: For ``redirected``: where the URL now lives.
    location: str | None = None
    #: A failure of the network rather than an answer of the server.
    network_error: bool = False
    #: Found at a non-public address (a run with ``allow-private-addresses``): an answer
    #: that only a run with that option on may use.
    private: bool = False

    @property
    def cacheable(self) -> bool:
        return self.status not in UNCACHEABLE

    @property
    def ttl_key(self) -> str:
        return "error" if self.network_error else self.status

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status, "detail": self.detail}
        data["checked"] = round(self.checked, 3)
        if self.location is not None:
            data["location"] = self.location
        if self.network_error:
            data["network_error"] = True
        if self.private:
            data["private"] = True
        return data

    @classmethod
    def from_json(cls, data: Any) -> Outcome | None:
        """The outcome stored as ``data``, or None when it is not one."""
        if not isinstance(data, dict):
            return None
        status, detail, checked = data.get("status"), data.get("detail"), data.get("checked")
        location = data.get("location")
        if (
            status not in STATUSES
            or not isinstance(detail, str)
            or not isinstance(checked, (int, float))
            or isinstance(checked, bool)
            or not (location is None or isinstance(location, str))
        ):
            return None
        try:
            when = float(checked)
        except OverflowError:  # an integer past a float's range
            return None
        if not math.isfinite(when):
            return None
        network_error, private = data.get("network_error") is True, data.get("private") is True
        return cls(status, detail, when, location, network_error, private)

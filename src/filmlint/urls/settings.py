"""How politely, how patiently and how safely a run checks URLs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from filmlint.urls.addresses import Lookup


@dataclass(frozen=True, slots=True)
class HostLimits:
    #: Requests to the host at once.
    concurrency: int
    #: Seconds between the starts of two requests to the host.
    delay: float


@dataclass(frozen=True)
class CheckSettings:
    #: Requests at once, all hosts together.
    concurrency: int = 32
    host: HostLimits = HostLimits(2, 0.25)
    #: Limits for particular hosts (lower-case names), instead of ``host``.
    hosts: Mapping[str, HostLimits] = field(default_factory=dict)
    #: Seconds one request may take, connection included.
    timeout: float = 10.0
    retries: int = 2
    #: The wait before the first retry; it doubles with each further one.
    backoff: float = 1.0
    retry_after_max: float = 60.0
    #: Seconds the whole check may take; URLs not done by then are not checked.
    deadline: float = 300.0
    max_redirects: int = 10
    allow_private: bool = False
    max_body: int = 65536
    #: Looks host names up (None: the system's resolver); tests inject one that fails.
    lookup: Lookup | None = None

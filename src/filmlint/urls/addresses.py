"""The address guard: which IP addresses a link check may connect to.

A link check runs on pull requests from strangers, so a URL must not make the runner talk to
itself, its network or its cloud's metadata service. Only addresses that ``ipaddress`` calls
global, outside every block IANA's special-purpose registries mark as not globally
reachable, and unicast, pass. Of the IPv6 forms that carry an IPv4 address, NAT64
(``64:ff9b::/96``, globally reachable) is judged by the address it carries; IPv4-mapped,
IPv4-compatible, 6to4 and Teredo addresses are refused outright (not globally reachable, or
deprecated, per IANA).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import threading
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: ``getaddrinfo``'s answer: family, type, protocol, canonical name, socket address.
AddressInfo = tuple[int, int, int, str, tuple[Any, ...]]
#: Looks a host name up (host, port): ``system_lookup`` unless one is given.
Lookup = Callable[[str, int], Awaitable[Sequence[AddressInfo]]]

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

# The blocks of the IANA IPv4 and IPv6 Special-Purpose Address Registries whose "Globally
# Reachable" is False or N/A, plus multicast and deprecated space. ``ipaddress`` knows most of
# them, but which ones depends on the Python release (3.11.7 misses 192.0.0.8, fec0::/10,
# 2002::/16), so the guard names them itself. The few anycast services inside 192.0.0.0/24
# and 2001::/23 (PCP, TURN, AMT, AS112) serve no web pages and are refused with their blocks.
NOT_GLOBAL_V4 = tuple(
    ipaddress.IPv4Network(block)
    for block in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",  # private use
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, cloud metadata services
        "172.16.0.0/12",  # private use
        "192.0.0.0/24",  # IETF protocol assignments: 192.0.0.0/29, the dummy 192.0.0.8, ...
        "192.0.2.0/24",  # documentation (TEST-NET-1)
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "192.168.0.0/16",  # private use
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation (TEST-NET-2)
        "203.0.113.0/24",  # documentation (TEST-NET-3)
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the limited broadcast 255.255.255.255
    )
)
NOT_GLOBAL_V6 = tuple(
    ipaddress.IPv6Network(block)
    for block in (
        "::/8",  # unspecified, loopback, IPv4-mapped, IPv4-compatible, 64:ff9b:1::/48, reserved
        "100::/8",  # discard-only 100::/64, the dummy prefix 100:0:0:1::/64, reserved
        "2001::/23",  # IETF protocol assignments: Teredo 2001::/32, benchmarking, ORCHID, ...
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing (SRv6) SIDs
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)


class NonPublicAddress(Exception):
    """A host that is, or resolves to, an address the guard refuses."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to the non-public address {address}")
        self.host = host
        self.address = address


def is_public(address: IPAddress) -> bool:
    """Whether a link check may connect to ``address``: see the module's docstring."""
    if not address.is_global:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        if address in _NAT64:  # inside ::/8, yet reachable: judged by what it carries
            return is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        return not address.is_reserved and not any(address in net for net in NOT_GLOBAL_V6)
    return not address.is_reserved and not any(address in net for net in NOT_GLOBAL_V4)


def literal_address(host: str) -> IPAddress | None:
    """The address ``host`` spells (``127.0.0.1``, ``[::1]``, ``::1``), or None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Resolved:
    """One address a host name resolved to, as a socket connects to it."""

    address: str
    family: int
    #: Whether the guard would let a check connect to it without allow_private.
    public: bool = True


async def resolve(
    host: str, port: int, *, allow_private: bool, lookup: Lookup | None = None
) -> list[Resolved]:
    """Every address ``host`` resolves to, each checked; NonPublicAddress if any fails.

    Raises ``socket.gaierror`` when the name does not resolve.
    """
    literal = literal_address(host)
    if literal is not None:
        public = is_public(literal)
        if not allow_private and not public:
            raise NonPublicAddress(host, str(literal))
        version = socket.AF_INET6 if literal.version == 6 else socket.AF_INET
        return [Resolved(str(literal), int(version), public)]
    infos = await (lookup or system_lookup)(host, port)
    found: list[Resolved] = []
    for family, _type, _proto, _name, sockaddr in infos:
        text = str(sockaddr[0]).split("%", 1)[0]
        public = is_public(ipaddress.ip_address(text))
        if not allow_private and not public:
            # One bad address refuses the name: a rebinding server may answer with either.
            raise NonPublicAddress(host, text)
        entry = Resolved(str(sockaddr[0]), int(family), public)
        if entry not in found:
            found.append(entry)
    if not found:
        raise socket.gaierror(socket.EAI_NONAME, "no address")
    return found


async def system_lookup(host: str, port: int) -> list[AddressInfo]:
    """The system resolver's answer, asked in a daemon thread of its own.

    Not in the event loop's executor: ``asyncio.run`` waits for its threads at the end, and a
    resolver that gets no answer blocks one for as long as its own time-outs say (half a
    minute without a network), whatever the run's deadline.
    """
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[list[AddressInfo]] = loop.create_future()

    def settle(result: list[AddressInfo] | None, error: BaseException | None) -> None:
        if answer.done():  # given up on: cancelled, or timed out
            return
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(result or [])

    def ask() -> None:
        found: list[AddressInfo] | None = None
        failure: BaseException | None = None
        try:
            found = list(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except Exception as error:
            failure = error
        with contextlib.suppress(RuntimeError):  # the run is over and its loop closed
            loop.call_soon_threadsafe(settle, found, failure)

    threading.Thread(target=ask, name=f"lookup {host}", daemon=True).start()
    return await answer

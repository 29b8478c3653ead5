"""The address guard: which IP addresses a link check may connect to.

A link check runs on pull requests from strangers, so a URL must not make the runner talk to
itself, its network or its cloud's metadata service. Only globally routable unicast
addresses pass; IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo) are
judged by the address they carry.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class NonPublicAddress(Exception):
    """A host that is, or resolves to, an address the guard refuses."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to the non-public address {address}")
        self.host = host
        self.address = address


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded:
            return all(is_public(inner) for inner in embedded)
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)
    if address in _NAT64:
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    return []


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


async def resolve(host: str, port: int, *, allow_private: bool) -> list[Resolved]:
    """Every address ``host`` resolves to, each checked; NonPublicAddress if any fails.

    Raises ``socket.gaierror`` when the name does not resolve.
    """
    literal = literal_address(host)
    if literal is not None:
        if not allow_private and not is_public(literal):
            raise NonPublicAddress(host, str(literal))
        family = socket.AF_INET6 if literal.version == 6 else socket.AF_INET
        return [Resolved(str(literal), family)]
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[Resolved] = []
    for family, _type, _proto, _name, sockaddr in infos:
        text = str(sockaddr[0]).split("%", 1)[0]
        if not allow_private and not is_public(ipaddress.ip_address(text)):
            # One bad address refuses the name: a rebinding server may answer with either.
            raise NonPublicAddress(host, text)
        entry = Resolved(str(sockaddr[0]), int(family))
        if entry not in found:
            found.append(entry)
    if not found:
        raise socket.gaierror(socket.EAI_NONAME, "no address")
    return found

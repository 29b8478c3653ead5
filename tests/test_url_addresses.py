"""The address guard against IANA's special-purpose address registries, and whatever
``ipaddress`` itself calls not global.

The blocks below are written out from the registries (IPv4 and IPv6 Special-Purpose Address
Registries, "Globally Reachable" False or N/A), not taken from the module under test.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmlint.urls.addresses import AddressInfo, Lookup, NonPublicAddress, is_public, resolve
from filmlint.urls.checker import check_urls
from filmlint.urls.settings import CheckSettings
from http_servers import HttpServer

V4_NOT_GLOBAL = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/29",
    "192.0.0.8/32",
    "192.0.0.170/31",
    "192.0.2.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "255.255.255.255/32",
]
V6_NOT_GLOBAL = [
    "::1/128",
    "::/128",
    "::ffff:0:0/96",
    "64:ff9b:1::/48",
    "100::/64",
    "100:0:0:1::/64",
    "2001::/23",
    "2001::/32",
    "2001:2::/48",
    "2001:10::/28",
    "2001:db8::/32",
    "2002::/16",
    "3fff::/20",
    "5f00::/16",
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "ff00::/8",
]
PUBLIC = ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e"]


def samples(block: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The first, a middle and the last address of a block."""
    network = ipaddress.ip_network(block)
    middle = network.network_address + network.num_addresses // 2
    return [network.network_address, middle, network.broadcast_address]


def carried(v4: ipaddress.IPv4Address) -> dict[str, ipaddress.IPv6Address]:
    """``v4`` in the IPv6 forms that carry an IPv4 address."""
    value = int(v4)
    return {
        "IPv4-mapped": ipaddress.IPv6Address(0xFFFF << 32 | value),
        "NAT64": ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | value),
        "6to4": ipaddress.IPv6Address(0x2002 << 112 | value << 80),
    }


@pytest.mark.parametrize("block", V4_NOT_GLOBAL + V6_NOT_GLOBAL)
def test_every_block_that_is_not_globally_reachable_is_refused(block: str) -> None:
    for address in samples(block):
        assert not is_public(address), address


@pytest.mark.parametrize("block", V4_NOT_GLOBAL)
def test_ipv4_blocks_are_refused_in_their_ipv6_forms_too(block: str) -> None:
    for address in samples(block):
        for form, v6 in carried(address).items():  # type: ignore[arg-type]
            assert not is_public(v6), (form, v6)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_nat64_carries_a_public_address_through() -> None:
    assert is_public(carried(ipaddress.IPv4Address("93.184.215.14"))["NAT64"])


@given(st.ip_addresses())
def test_whatever_ipaddress_calls_not_global_is_refused(address: ipaddress._BaseAddress) -> None:
    if not address.is_global:  # type: ignore[attr-defined]
        assert not is_public(address)  # type: ignore[arg-type]


@given(st.ip_addresses())
def test_nothing_in_a_registry_block_passes(address: ipaddress._BaseAddress) -> None:
    blocks = V4_NOT_GLOBAL if address.version == 4 else V6_NOT_GLOBAL
    if any(address in ipaddress.ip_network(block) for block in blocks):
        assert not is_public(address)  # type: ignore[arg-type]


@given(st.ip_addresses(v=4))
def test_an_ipv4_address_is_judged_alike_through_nat64(address: ipaddress.IPv4Address) -> None:
    forms = carried(address)
    assert is_public(forms["NAT64"]) == is_public(address)
    assert not is_public(forms["IPv4-mapped"]) and not is_public(forms["6to4"])


def answering(address: str, port: int) -> Lookup:
    """A resolver that answers every name with ``address``."""

    async def lookup(host: str, _port: int) -> list[AddressInfo]:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    return lookup


@pytest.mark.parametrize("address", ["192.0.0.8", "fec0::1", "2002:7f00:1::", "64:ff9b::a9fe:a9fe"])
def test_a_name_that_resolves_to_a_refused_address_is_refused(address: str) -> None:
    lookup = answering(address, 80)
    with pytest.raises(NonPublicAddress) as refused:
        asyncio.run(resolve("films.example", 80, allow_private=False, lookup=lookup))
    assert refused.value.address == address


def test_a_refused_name_is_never_contacted(tmp_path: Path) -> None:
    server = HttpServer().start()
    try:
        lookup = answering("192.0.0.8", server.port)
        settings = CheckSettings(lookup=lookup)
        run = check_urls([f"http://films.example:{server.port}/p"], settings)
    finally:
        server.stop()
    (outcome,) = run.outcomes.values()
    assert (outcome.status, outcome.detail) == ("refused", "films.example is 192.0.0.8")
    assert server.total == 0

"""The SSRF guard over addresses that hide an IPv4 address inside an IPv6 one (6to4, Teredo,
IPv4-mapped, NAT64) and the other non-public ranges, resolved by a monkeypatched getaddrinfo."""

from __future__ import annotations

import socket

import pytest

from sources import fetch as fetching
from sources.fetch import RefusedAddress, check_address, fetch


def _resolve_to(monkeypatch, address: str) -> None:
    def resolve(host, port, *args, **kwargs):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(fetching.socket, "getaddrinfo", resolve)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        # 6to4 (2002::/16): a tunnel to whatever IPv4 address bits 16-48 name; refused whole.
        ("2002:7f00:1::1", "a 6to4 tunnel address"),  # 127.0.0.1 inside
        ("2002:a00:1::1", "a 6to4 tunnel address"),  # 10.0.0.1 inside
        ("2002:808:808::1", "a 6to4 tunnel address"),  # even 8.8.8.8: a relay we do not trust
        # Teredo (2001::/32): a tunnel too, whatever the client address.
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "a Teredo tunnel address"),
        ("2001:0:5ef5:79fd:0:0:f7f7:fefe", "a Teredo tunnel address"),
        # IPv4-mapped and NAT64 (64:ff9b::/96): judged by the IPv4 address inside.
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("::ffff:169.254.169.254", "a link-local address"),
        ("64:ff9b::7f00:1", "a loopback address"),
        ("64:ff9b::a9fe:a9fe", "a link-local address"),
        ("64:ff9b::a00:1", "a private address"),
        # Plain IPv6 ranges.
        ("::1", "a loopback address"),
        ("::", "an unspecified address"),
        ("fe80::1", "a link-local address"),
        ("fc00::1", "a private address"),
        ("fec0::1", "a site-local address"),
        ("ff02::1", "a multicast address"),
        ("2001:db8::1", "a private address"),  # documentation
        # IPv4.
        ("0.0.0.0", "an unspecified address"),
        ("100.64.0.1", "a non-public address"),  # carrier-grade NAT
        ("198.18.0.1", "a private address"),  # benchmarking
        # Python releases classify these differently; refused either way.
        ("240.0.0.1", "a (private|reserved) address"),
        ("255.255.255.255", "a (private|reserved) address"),
    ],
)
def test_addresses_that_reach_no_public_host_are_refused(settings, monkeypatch, address, reason):
    settings.IMPORT_URL_ALLOWLIST = []
    _resolve_to(monkeypatch, address)
    with pytest.raises(RefusedAddress, match=reason) as refused:
        fetch("http://innocent-looking.example/story")
    assert "IMPORT_URL_ALLOWLIST" in str(refused.value)  # what to do if it is intended


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",
        "2606:4700:4700::1111",
        "::ffff:93.184.215.14",  # IPv4-mapped public address
        "64:ff9b::5db8:d70e",  # NAT64 of a public address (DNS64 networks)
    ],
)
def test_public_addresses_pass_the_guard(settings, address):
    settings.IMPORT_URL_ALLOWLIST = []
    check_address("news.example", address, "http://news.example/story")


def test_an_allow_listed_network_lets_a_tunnel_address_through(settings):
    settings.IMPORT_URL_ALLOWLIST = ["2002:7f00:1::/48"]
    check_address("lab.example", "2002:7f00:1::1", "http://lab.example/")

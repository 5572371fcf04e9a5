"""Outbound URLs a platform gives us (webhooks) may only reach the public internet.

A URL is checked when it is set and again at every delivery: https only (http where the
policy allows it for testing), no user info, no control characters, and every address its host
resolves to must be public (not loopback, private, link-local, multicast, reserved or
unspecified, IPv4 or IPv6, IPv4-mapped included). Delivery then connects to the address that
was checked, with the original host name kept for SNI, certificate checks and `Host`, so a DNS
answer that changes between check and connect (rebinding) cannot redirect it.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from samaritan.service.settings import WebhookPolicy

MAX_URL = 2000
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UrlRefused(ValueError):
    """A URL the service will not call; the message never repeats the URL."""


@dataclass(frozen=True)
class Target:
    url: str  # the URL to connect to: the checked address in place of the host name
    host: str  # the original host name, for SNI and the Host header
    host_header: str


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or (
            ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in _NAT64 else None
        )
        if embedded is not None:
            return _public(embedded)
        if address.sixtofour is not None or address.teredo is not None:
            return False
    bad = (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )
    return address.is_global and not bad


def check_syntax(url: str, policy: WebhookPolicy) -> tuple[str, str, int]:
    """(scheme, host, port) of an acceptable URL, or UrlRefused."""
    if len(url) > MAX_URL:
        raise UrlRefused(f"the URL is longer than {MAX_URL} characters")
    if any(ord(c) < 0x21 or ord(c) == 0x7F or ord(c) > 0x7E for c in url):
        raise UrlRefused("the URL holds spaces, control or non-ASCII characters (use punycode for names)")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlRefused("the URL cannot be parsed") from exc
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and policy.allow_http):
        raise UrlRefused("webhook URLs must use https")
    if parts.username is not None or parts.password is not None:
        raise UrlRefused("webhook URLs may not carry user info")
    host = (parts.hostname or "").lower()
    if not host:
        raise UrlRefused("the URL has no host")
    return scheme, host, port or (443 if scheme == "https" else 80)


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def resolve(host: str, port: int, resolver=None) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        return [literal]
    try:
        texts = (resolver or system_resolver)(host, port)
        # Drop an IPv6 zone id; anything that is not an address counts as not resolving.
        addresses = [ipaddress.ip_address(t.split("%", 1)[0]) for t in texts]
    except (OSError, UnicodeError, ValueError) as exc:
        raise UrlRefused("the URL's host does not resolve") from exc
    if not addresses:
        raise UrlRefused("the URL's host does not resolve")
    return addresses


def check(url: str, policy: WebhookPolicy) -> Target:
    """Check `url` now and return where to connect. Every resolved address must be public
    unless the host is allow-listed."""
    scheme, host, port = check_syntax(url, policy)
    addresses = resolve(host, port, policy.resolver)
    if host not in policy.allow_hosts and not all(_public(a) for a in addresses):
        raise UrlRefused("the URL's host resolves to a loopback, private or reserved address")
    chosen = addresses[0]
    parts = urlsplit(url)
    netloc_host = f"[{chosen}]" if chosen.version == 6 else str(chosen)
    pinned = parts._replace(netloc=f"{netloc_host}:{port}").geturl()
    default_port = 443 if scheme == "https" else 80
    host_text = f"[{host}]" if ":" in host else host
    host_header = host_text if port == default_port else f"{host_text}:{port}"
    return Target(url=pinned, host=host, host_header=host_header)

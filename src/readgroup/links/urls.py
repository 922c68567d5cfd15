"""Addresses: which links can be sent at all, what a request line needs, which network an
address belongs to, and how a URL is shown without the credentials it may carry."""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters that stay as written in a request target; anything else (spaces, non-ASCII) is
# percent-encoded, as a browser does before sending.
_TARGET_SAFE = "/%:@!$&'()*+,;=-._~?#[]"
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_PLAIN = re.compile(r"[A-Za-z0-9/%:@!$&'()*+,;=\-._~?#\[\]]*")  # already what quote() would give


class InvalidURL(ValueError):
    """A link that cannot be sent: the reason is for people and never contains the URL."""


@dataclass(frozen=True)
class Target:
    """What a request to one URL needs."""

    scheme: str
    host: str  # ASCII (IDNA) host name or IP literal, without brackets
    port: int
    target: str  # path and query, percent-encoded
    userinfo: str | None

    @property
    def key(self) -> str:
        """One site (scheme, host, port): the unit of a connection pool. The per-host limit and
        the name lookups go by `host` alone."""
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if DEFAULT_PORTS[self.scheme] == self.port else f"{host}:{self.port}"


def parse(url: str) -> Target:
    """The parts of an http(s) URL, or InvalidURL saying why it cannot be sent."""
    if _CONTROL.search(url.strip()):
        raise InvalidURL("contains spaces or control characters")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:  # "Port out of range 0-65535", "Invalid IPv6 URL", ...
        raise InvalidURL(f"cannot be parsed: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidURL("not an http(s) address")
    if not parts.hostname:
        raise InvalidURL("no host name")
    if port == 0:
        raise InvalidURL("port 0 cannot be connected to")
    host = _ascii_host(parts.hostname)
    target = _quoted(parts.path or "/")
    if parts.query:
        target += "?" + _quoted(parts.query)
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else None
    return Target(scheme, host, port or DEFAULT_PORTS[scheme], target, userinfo)


@functools.lru_cache(maxsize=1024)  # a syllabus has many links but few hosts
def _ascii_host(hostname: str) -> str:
    try:
        ipaddress.ip_address(hostname.split("%")[0])
        return hostname
    except ValueError:
        pass
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidURL("the host name is not a valid domain name") from None


def _quoted(text: str) -> str:
    return text if _PLAIN.fullmatch(text) else quote(text, safe=_TARGET_SAFE)


def is_public(address: str) -> bool:
    """An IP address on the public internet: not loopback, private, link-local, shared or
    reserved (ipaddress knows the registries' tables). IPv4 mapped into IPv6 counts as IPv4."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global


def redact(url: str) -> str:
    """The URL without the user name and password it may carry (`https://***@host/`).
    A pattern, not urlsplit: it must work on URLs that do not parse too."""
    return _USERINFO.sub(r"\1***@", url)


def has_credentials(url: str) -> bool:
    return redact(url) != url

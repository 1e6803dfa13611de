"""Fetching URLs for imports, guarded against server-side request forgery.

Every hop (the first URL and each redirect, followed here, never by requests) is checked: only
http/https, and no loopback, private, link-local, multicast, reserved or tunnelled (6to4, Teredo)
address after DNS resolution (IPv4 inside IPv4-mapped and NAT64 addresses judged as IPv4) unless
the host or network is in `settings.IMPORT_URL_ALLOWLIST`. The address a socket actually connected to is checked again, so DNS answers that change between the check and the
connection (rebinding) gain nothing. Bodies are streamed under a size cap.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

USER_AGENT = "IncidentDesk/1.0 (+news import)"
MAX_REDIRECTS = 5
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "text/plain",
)


class FetchError(Exception):
    """A permanent failure: retrying will not help. The message is shown to the analyst."""


class BadURL(FetchError):
    pass


class RefusedAddress(FetchError):
    pass


class TooLarge(FetchError):
    pass


class WrongContentType(FetchError):
    pass


class HTTPStatusError(FetchError):
    pass


class TransientFetchError(Exception):
    """A failure worth retrying with backoff: timeouts, refused connections, 429 and 5xx."""


class FetchTimeout(TransientFetchError):
    pass


@dataclass
class FetchResult:
    url: str
    status: int
    content_type: str = ""
    encoding: str | None = None
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return self.content.decode(self.encoding or "utf-8", errors="replace")


# Which setting holds the hosts exempt from the guard: URL imports and feeds use
# IMPORT_URL_ALLOWLIST; webhooks (`post_json`) their own, WEBHOOK_URL_ALLOWLIST.
_allowlist_setting: contextvars.ContextVar[str] = contextvars.ContextVar(
    "allowlist_setting", default="IMPORT_URL_ALLOWLIST"
)


def _allowlist() -> tuple[set[str], list[ipaddress.IPv4Network | ipaddress.IPv6Network]]:
    hosts: set[str] = set()
    networks = []
    for entry in getattr(settings, _allowlist_setting.get()):
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            hosts.add(entry.lower())
    return hosts, networks


# RFC 6052's well-known NAT64 prefix: `ipaddress` has no property for it (it calls it reserved on
# some Python releases and global on others), so the IPv4 address inside is judged instead.
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")

# `ipaddress`'s own classification, most telling first (`is_site_local` exists for IPv6 only).
REFUSED_KINDS = (
    ("is_unspecified", "an unspecified"),
    ("is_loopback", "a loopback"),
    ("is_link_local", "a link-local"),
    ("is_multicast", "a multicast"),
    ("is_site_local", "a site-local"),
    ("is_private", "a private"),
    ("is_reserved", "a reserved"),
)


def _refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why connecting to `ip` is refused ("a loopback address"), or None for a public address.

    IPv6 transition addresses carry an IPv4 address inside: 6to4 (2002::/16) and Teredo
    (2001::/32) reach it through tunnel relays that are refused whole, whatever they embed;
    IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96) addresses are judged by the IPv4
    address inside, which is where the connection ends up.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.sixtofour is not None:
            return f"a 6to4 tunnel address (to {ip.sixtofour})"
        if ip.teredo is not None:
            return f"a Teredo tunnel address (to {ip.teredo[1]})"
        inside = ip.ipv4_mapped
        if inside is None and ip in NAT64_PREFIX:
            inside = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inside is not None:
            reason = _refusal(inside)
            return f"{reason} (IPv4 {inside} inside)" if reason else None
    for attribute, label in REFUSED_KINDS:
        if getattr(ip, attribute, False):
            return f"{label} address"
    if not ip.is_global:
        return "a non-public address"
    return None


def check_address(host: str, ip_text: str, url: str) -> None:
    """Raise RefusedAddress unless `ip_text` (what `host` resolved to) may be fetched."""
    hosts, networks = _allowlist()
    if host.lower() in hosts:
        return
    ip = ipaddress.ip_address(ip_text.split("%", 1)[0])
    if any(ip in network for network in networks):
        return
    reason = _refusal(ip)
    if reason:
        raise RefusedAddress(
            f"Refused to fetch {url}: {host} resolves to {ip}, {reason} "
            f"(add it to {_allowlist_setting.get()} if this is intended)."
        )


def check_url(url: str) -> tuple[str, int]:
    """Validate scheme and host of one hop and every address its host resolves to."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise BadURL(f"Not a valid URL: {url!r} ({exc}).") from None
    if parts.scheme not in ("http", "https"):
        raise BadURL(f"Only http and https URLs can be imported, not {url!r}.")
    host = parts.hostname
    if not host:
        raise BadURL(f"The URL {url!r} has no host name.")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise BadURL(f"The host name {host!r} could not be resolved ({exc}).") from None
    for info in infos:
        check_address(host, info[4][0], url)
    return host, port


def _check_peer(sock: socket.socket, host: str) -> None:
    peer = sock.getpeername()[0]
    try:
        check_address(host, peer, host)
    except RefusedAddress:
        sock.close()
        raise


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }


def _session() -> requests.Session:
    session = requests.Session()
    # Environment proxies would connect on our behalf and bypass the address checks.
    session.trust_env = False
    adapter = _GuardedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".") + " MB"


def fetch(
    url: str,
    *,
    accept: tuple[str, ...] = PAGE_TYPES,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> FetchResult:
    """GET `url` following at most MAX_REDIRECTS redirects, each hop checked.

    Raises a FetchError subclass for permanent failures and TransientFetchError for ones worth
    retrying. A 304 answer (conditional GET) is returned with an empty body.
    """
    max_bytes = max_bytes or settings.IMPORT_MAX_URL_BYTES
    timeout = settings.IMPORT_URL_TIMEOUT
    deadline = time.monotonic() + 3 * timeout
    current = url.strip()
    session = _session()
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(current)
            try:
                response = session.get(
                    current,
                    headers=headers or {},
                    timeout=(timeout, timeout),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.Timeout:
                raise FetchTimeout(f"Timed out after {timeout:g} s fetching {current}.") from None
            except requests.ConnectionError as exc:
                raise TransientFetchError(f"Could not connect to {current}: {exc}.") from None
            except requests.RequestException as exc:
                raise BadURL(f"Could not fetch {current}: {exc}.") from None
            with response:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    if not location:
                        raise HTTPStatusError(f"{current} redirects without a Location.")
                    current = urljoin(current, location)
                    continue
                return _read(response, current, accept, max_bytes, deadline, timeout)
        raise HTTPStatusError(f"Too many redirects (more than {MAX_REDIRECTS}) from {url}.")
    finally:
        session.close()


def _read(
    response: requests.Response,
    url: str,
    accept: tuple[str, ...],
    max_bytes: int,
    deadline: float,
    timeout: float,
) -> FetchResult:
    status = response.status_code
    headers = {name.lower(): value for name, value in response.headers.items()}
    if status == 304:
        return FetchResult(url=url, status=status, headers=headers)
    if status == 429 or status >= 500:
        raise TransientFetchError(f"{url} answered HTTP {status} {response.reason}.")
    if status >= 400:
        raise HTTPStatusError(f"{url} answered HTTP {status} {response.reason}.")
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type not in accept:
        raise WrongContentType(
            f"Wrong content type at {url}: {content_type or 'none given'} "
            f"(expected one of {', '.join(accept)})."
        )
    limit = _megabytes(max_bytes)
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(
            f"The page at {url} is too large: {_megabytes(int(declared))}, limit {limit}."
        )
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(chunk_size=64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"The page at {url} is too large: more than the {limit} limit.")
            if time.monotonic() > deadline:
                raise FetchTimeout(f"Timed out reading {url} (slower than {timeout:g} s limits).")
            chunks.append(chunk)
    except requests.Timeout:
        raise FetchTimeout(f"Timed out after {timeout:g} s reading {url}.") from None
    except requests.ConnectionError as exc:
        raise TransientFetchError(f"Connection lost while reading {url}: {exc}.") from None
    return FetchResult(
        url=url,
        status=status,
        content_type=content_type,
        encoding=response.encoding if "charset" in headers.get("content-type", "") else None,
        content=b"".join(chunks),
        headers=headers,
    )


@dataclass
class PostResult:
    status: int
    body: bytes = b""


def post_json(
    url: str,
    body: bytes,
    *,
    headers: dict[str, str],
    allowlist_setting: str = "WEBHOOK_URL_ALLOWLIST",
    timeout: float | None = None,
    max_bytes: int = 64 * 1024,
) -> PostResult:
    """POST `body` (JSON) to `url` through the same guard as imports, with the allowlist named by
    `allowlist_setting`. Redirects are not followed (a POST is not replayed elsewhere).

    Raises FetchError subclasses for refused or malformed URLs and TransientFetchError for
    network errors; any HTTP status is returned (the caller judges it). At most `max_bytes` of
    the answer are read."""
    timeout = timeout or settings.IMPORT_URL_TIMEOUT
    marker = _allowlist_setting.set(allowlist_setting)
    session = _session()
    try:
        check_url(url)
        try:
            response = session.post(
                url,
                data=body,
                headers={"Content-Type": "application/json", **headers},
                timeout=(timeout, timeout),
                allow_redirects=False,
                stream=True,
            )
        except requests.Timeout:
            raise FetchTimeout(f"Timed out after {timeout:g} s posting to {url}.") from None
        except requests.ConnectionError as exc:
            raise TransientFetchError(f"Could not connect to {url}: {exc}.") from None
        except requests.RequestException as exc:
            raise BadURL(f"Could not post to {url}: {exc}.") from None
        with response:
            answer = b""
            try:
                for chunk in response.iter_content(chunk_size=8192):
                    answer += chunk
                    if len(answer) >= max_bytes:
                        break
            except requests.RequestException:
                pass  # the status is what counts; a cut-off answer body is not an error
            return PostResult(status=response.status_code, body=answer[:max_bytes])
    finally:
        session.close()
        _allowlist_setting.reset(marker)

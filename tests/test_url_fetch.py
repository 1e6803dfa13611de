"""URL fetching: SSRF guard on every hop, size cap, content type and timeouts, with clear errors."""

import socket

import pytest

from sources import fetch as fetching
from sources.fetch import (
    BadURL,
    FetchTimeout,
    RefusedAddress,
    TooLarge,
    WrongContentType,
    fetch,
)

from .servers import Reply


def test_only_http_and_https_are_fetched(settings):
    for url in ("file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/"):
        with pytest.raises(BadURL, match="Only http and https"):
            fetch(url)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
    ],
)
def test_non_public_addresses_after_dns_resolution_are_refused(
    settings, monkeypatch, address, kind
):
    settings.IMPORT_URL_ALLOWLIST = []

    def resolve(host, port, *args, **kwargs):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(fetching.socket, "getaddrinfo", resolve)
    with pytest.raises(RefusedAddress, match=f"a {kind} address"):
        fetch("http://innocent-looking.example/story")


def test_loopback_server_is_refused_unless_allow_listed(settings, local_server):
    local_server.routes["/page"] = Reply("<p>hello</p>")
    settings.IMPORT_URL_ALLOWLIST = []
    with pytest.raises(RefusedAddress, match="127.0.0.1, a loopback address"):
        fetch(local_server.url("/page"))
    assert local_server.hits("/page") == 0

    settings.IMPORT_URL_ALLOWLIST = ["127.0.0.0/8"]
    assert fetch(local_server.url("/page")).content == b"<p>hello</p>"


def test_every_redirect_hop_is_checked(settings, local_server, monkeypatch):
    """A public page redirecting to 127.0.0.1 is refused before the loopback hop is requested."""
    local_server.routes["/start"] = Reply(
        status=302, headers={"Location": local_server.url("/internal")}
    )
    local_server.routes["/internal"] = Reply("secret")
    # The first hop's host is allow-listed by name, the redirect target (by IP) is not.
    settings.IMPORT_URL_ALLOWLIST = ["localhost"]
    start = local_server.url("/start").replace("127.0.0.1", "localhost")
    with pytest.raises(RefusedAddress, match="loopback"):
        fetch(start)
    assert local_server.hits("/start") == 1
    assert local_server.hits("/internal") == 0


def test_oversized_page_is_refused_while_streaming(allow_loopback, local_server):
    allow_loopback.IMPORT_MAX_URL_BYTES = 1024
    big = b"<p>" + b"x" * 5000 + b"</p>"
    # No Content-Length: the cap must hold while reading, not only on the declared size.
    local_server.routes["/big"] = lambda handler: Reply(big, headers={"Content-Type": "text/html"})
    local_server.routes["/declared"] = Reply(
        big, headers={"Content-Type": "text/html", "Content-Length": str(len(big))}
    )
    with pytest.raises(TooLarge, match="too large.*1 MB|too large"):
        fetch(local_server.url("/declared"))
    with pytest.raises(TooLarge, match="too large"):
        fetch(local_server.url("/big"))


def test_wrong_content_type_is_named(allow_loopback, local_server):
    local_server.routes["/file.pdf"] = Reply(
        b"%PDF-1.7", headers={"Content-Type": "application/pdf"}
    )
    with pytest.raises(WrongContentType, match="application/pdf"):
        fetch(local_server.url("/file.pdf"))


def test_slow_server_times_out(allow_loopback, local_server):
    allow_loopback.IMPORT_URL_TIMEOUT = 0.2
    local_server.routes["/slow"] = Reply("<p>late</p>", delay=1.0)
    with pytest.raises(FetchTimeout, match="Timed out after 0.2 s"):
        fetch(local_server.url("/slow"))


def test_bad_urls_get_a_clear_message(allow_loopback, monkeypatch):
    with pytest.raises(BadURL, match="no host name"):
        fetch("http:///nohost")

    def unknown(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    # No DNS query leaves the machine: the resolver's answer is simulated.
    monkeypatch.setattr(fetching.socket, "getaddrinfo", unknown)
    with pytest.raises(BadURL, match="could not be resolved"):
        fetch("http://no-such-host.invalid/")

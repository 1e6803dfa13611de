"""Canonical article URLs: the same page reached through tracking links or AMP is one URL.

Pure functions, no Django: `canonical_url` is applied to every URL before it is stored or compared.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say how a reader arrived, never which page they read.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "yclid",
        "igshid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "s_cid",
        "ito",
        "at_medium",
        "at_campaign",
        "twclid",
        "li_fat_id",
        "ttclid",
        "amp",
        "outputtype",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _strip_amp_path(path: str) -> str:
    """`/story/amp`, `/story/amp/`, `/amp/story` and `/story.amp` (and `.amp.html`) → the story."""
    segments = path.split("/")
    if segments and segments[-1] == "":
        segments.pop()
    if len(segments) > 1 and segments[-1].lower() == "amp":
        segments.pop()
    elif len(segments) > 2 and segments[1].lower() == "amp":
        del segments[1]
    path = "/".join(segments) or "/"
    lowered = path.lower()
    if lowered.endswith(".amp.html"):
        path = path[: -len(".amp.html")] + ".html"
    elif lowered.endswith(".amp"):
        path = path[: -len(".amp")]
    return path


def canonical_url(url: str) -> str:
    """The form under which an article URL is stored and compared.

    Lower-cases scheme and host, drops default ports, `www.`-less hosts are kept as given (outlets
    serve different sites on both), removes `amp.` sub-domains, AMP path variants, fragments,
    tracking parameters (`utm_*`, `fbclid`, `gclid`, …, `amp=1`) and the trailing slash, and sorts
    the remaining query parameters. Returns "" for an empty value.
    """
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("amp."):
        host = host[len("amp.") :]
    port = parts.port
    # Credentials in a URL (user:pass@) are dropped: they never belong in stored data.
    netloc = host
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]"
    if port and port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    path = _strip_amp_path(parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    ]
    query.sort()
    return urlunsplit((scheme, netloc, path if path != "/" else "", urlencode(query), ""))

"""Login throttling against password guessing: N failures per username and client address.

Counting by username *and* address means a guesser is stopped without letting anyone lock a
colleague out from elsewhere. Counters live in the cache (Redis in production, see CACHES), so
every web worker shares them. Used by `ThrottledModelBackend` (every password login: admin, site,
anything calling `authenticate`) and by `ThrottledAuthenticationForm` (the clear message).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def window_seconds() -> int:
    return getattr(settings, "LOGIN_FAILURE_WINDOW", 15 * 60)


def client_address(request: HttpRequest | None) -> str:
    """The client's address as the API throttles see it: DRF's rule with `NUM_PROXIES`
    (`TRUSTED_PROXY_COUNT`). With no trusted proxy, REMOTE_ADDR only: X-Forwarded-For is
    whatever the client wrote; behind N proxies, the address the outermost one saw."""
    if request is None:
        return "unknown"
    return BaseThrottle().get_ident(request) or "unknown"


def _key(username: str, request: HttpRequest | None) -> str:
    raw = f"{(username or '').strip().casefold()}|{client_address(request)}"
    return "login-failures:" + hashlib.sha256(raw.encode()).hexdigest()


def failures(username: str, request: HttpRequest | None) -> int:
    return int(cache.get(_key(username, request), 0))


def is_locked(username: str, request: HttpRequest | None) -> bool:
    return failures(username, request) >= limit()


def register_failure(username: str, request: HttpRequest | None) -> int:
    key = _key(username, request)
    # The window starts at the first failure; add() is atomic, incr() too on Redis.
    if cache.add(key, 1, timeout=window_seconds()):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds())
        return 1


def reset(username: str, request: HttpRequest | None) -> None:
    cache.delete(_key(username, request))


def lockout_message() -> str:
    minutes = max(1, window_seconds() // 60)
    return (
        f"Too many failed login attempts for this account from your address. "
        f"Try again in {minutes} minutes, or ask an administrator to reset your password."
    )


def _on_failure(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    username = credentials.get("username", "")
    if username and not is_locked(username, request):
        register_failure(username, request)


def _on_success(sender, request: HttpRequest | None, user, **kwargs) -> None:
    reset(user.get_username(), request)


def connect_signals() -> None:
    user_login_failed.connect(_on_failure, dispatch_uid="analysts.throttle.failure")
    user_logged_in.connect(_on_success, dispatch_uid="analysts.throttle.success")

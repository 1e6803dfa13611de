"""Security basics: deploy checks, login throttling, password rules, CSRF, upload caps."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from .factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "example.org",
        "VAR_DIR": str(tmp_path),
    }
    # The browser tests set this in-process for Playwright; a production server never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_password_validators_refuse_weak_passwords(db):
    user = UserFactory(username="amadou")
    for weak in ["password", "12345678", "amadou123", "short"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("Kayes convoy ledger 2025!", user)


@pytest.fixture
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def _admin_login(client: Client, username: str, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def _errors(response) -> str:
    return " ".join(response.context["form"].non_field_errors())


@pytest.mark.django_db
def test_admin_login_is_throttled_after_five_failures(clear_cache, editor):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        response = _admin_login(client, editor.username, "wrong guess")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in _errors(response)
    # The failure that reaches the limit already says so.
    response = _admin_login(client, editor.username, "wrong guess")
    assert "Too many failed login attempts" in _errors(response)
    # Now even the right password is refused, with a clear message.
    response = _admin_login(client, editor.username, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed login attempts" in _errors(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_throttle_is_per_username_and_address(clear_cache, editor, analyst):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _admin_login(Client(), editor.username, "wrong guess")
    # Another account from the same address, and the same account from elsewhere, still work.
    assert _admin_login(Client(), analyst.username, PASSWORD).status_code == 302
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert _admin_login(elsewhere, editor.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_success_resets_the_failure_count(clear_cache, editor):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _admin_login(Client(), editor.username, "wrong guess")
    assert _admin_login(Client(), editor.username, PASSWORD).status_code == 302
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _admin_login(Client(), editor.username, "wrong guess")
    assert _admin_login(Client(), editor.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_throttle_applies_to_any_password_login(clear_cache, editor):
    from django.contrib.auth import authenticate

    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert authenticate(None, username=editor.username, password="nope") is None
    assert authenticate(None, username=editor.username, password=PASSWORD) is None


@pytest.mark.django_db
def test_posts_without_a_csrf_token_are_refused(editor):
    client = Client(enforce_csrf_checks=True)
    response = _admin_login(client, editor.username, PASSWORD)
    assert response.status_code == 403


def _all_views(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _all_views(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_no_view_is_exempt_from_csrf():
    """DRF views are csrf_exempt but enforce CSRF in SessionAuthentication; nothing else may be."""
    from rest_framework.authentication import SessionAuthentication

    exempt = []
    for route, view in _all_views():
        if not getattr(view, "csrf_exempt", False):
            continue
        view_class = getattr(view, "cls", None)
        auth = getattr(view_class, "authentication_classes", None)
        if auth is not None and all(
            issubclass(a, SessionAuthentication) or "Session" not in a.__name__ for a in auth
        ):
            continue
        exempt.append(route)
    assert exempt == []


def test_csrf_and_session_cookies_are_protected():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.X_FRAME_OPTIONS == "DENY"


def test_uploads_are_size_capped():
    assert 0 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 50 * 1024 * 1024
    assert 0 < settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 50 * 1024 * 1024
    assert 0 < settings.IMPORT_MAX_FILE_BYTES <= 100 * 1024 * 1024


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_lift_the_lockout(clear_cache, editor):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        _admin_login(Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"), editor.username, "guess")
    response = _admin_login(Client(HTTP_X_FORWARDED_FOR="203.0.113.99"), editor.username, PASSWORD)
    assert "Too many failed login attempts" in _errors(response)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_address_it_saw_counts(clear_cache, editor, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # One proxy appends the address it saw; what the client wrote before it does not count.
    guesser = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7"}
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        forged = {**guesser, "HTTP_X_FORWARDED_FOR": f"1.2.3.{n}, 198.51.100.7"}
        _admin_login(Client(**forged), editor.username, "guess")
    assert "Too many failed" in _errors(_admin_login(Client(**guesser), editor.username, PASSWORD))
    colleague = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.50"}
    assert _admin_login(Client(**colleague), editor.username, PASSWORD).status_code == 302

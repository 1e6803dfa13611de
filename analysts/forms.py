from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from . import throttle


class ThrottleMessageMixin:
    """Says clearly when the account is throttled instead of "wrong password"."""

    def get_invalid_login_error(self) -> forms.ValidationError:
        username = self.cleaned_data.get("username", "")
        if username and throttle.is_locked(username, self.request):
            return forms.ValidationError(throttle.lockout_message(), code="throttled")
        return super().get_invalid_login_error()


class ThrottledAuthenticationForm(ThrottleMessageMixin, AuthenticationForm):
    """The site's login form (LoginView(authentication_form=…))."""


class ThrottledAdminAuthenticationForm(ThrottleMessageMixin, AdminAuthenticationForm):
    """The admin's login form (set in config/urls.py)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttle


class ThrottledModelBackend(ModelBackend):
    """The usual username/password check, refused outright while the account is throttled.

    Raising PermissionDenied stops `authenticate()` from trying the password at all, so a guesser
    learns nothing from further attempts within the window.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username and throttle.is_locked(username, request):
            raise PermissionDenied(throttle.lockout_message())
        return super().authenticate(request, username=username, password=password, **kwargs)

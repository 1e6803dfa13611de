"""The database session store, refusing session keys Django itself never issues.

Django's keys are 32 characters of [a-z0-9]. A forged cookie holding a NUL character reached
PostgreSQL as a query parameter, which psycopg refuses ("cannot contain NUL"), and the request
ended in a 500; any key outside Django's alphabet is now simply no session (a fresh, anonymous
one), as an unknown key already was.
"""

from __future__ import annotations

import string

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

KEY_ALPHABET = frozenset(string.ascii_lowercase + string.digits)


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        return bool(super()._validate_session_key(key)) and set(key) <= KEY_ALPHABET

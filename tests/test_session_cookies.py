"""A forged session cookie is no session: the page answers as to an anonymous visitor."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "forged",
    ["abcdefgh\x00ijklmnop", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "abc'; DROP TABLE x; --12345"],
)
def test_a_forged_session_key_is_an_anonymous_visit(client, forged):
    client.cookies["sessionid"] = forged
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    desk = client.get("/")
    assert desk.status_code == 302 and "/accounts/login/" in desk["Location"]


def test_a_real_session_still_logs_in(client, analyst):
    client.force_login(analyst)
    key = client.cookies["sessionid"].value
    assert key.isalnum() and key == key.lower()
    assert client.get("/").status_code == 200

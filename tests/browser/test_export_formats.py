"""A viewer downloads the briefing as HXL (for HDX) from the desk, and the STIX and GeoJSON
links sit beside it; the file is read back with libhxl."""

from __future__ import annotations

from pathlib import Path

import hxl
import pytest

from tests.desk_scene import incidents

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MALI_JULY = "/briefing/?country=ML&date_after=2025-06-01&date_before=2025-07-31"


def test_a_viewer_downloads_the_hxl_briefing(page, viewer, tmp_path):
    incidents()  # Kayes and Timbuktu published in Mali; a RED one the viewer may not read
    log_in(page, viewer.username)
    page.goto(MALI_JULY)
    formats = page.locator(".export-formats")
    assert formats.get_by_role("link", name="STIX 2.1").is_visible()
    assert formats.get_by_role("link", name="GeoJSON").is_visible()
    screenshot(page, "briefing-export-formats")

    with page.expect_download() as download:
        formats.get_by_role("link", name="HXL").click()
    assert download.value.suggested_filename.endswith("-hxl.csv")
    path = tmp_path / "briefing-hxl.csv"
    Path(download.value.path()).replace(path)
    rows = list(hxl.data(str(path), hxl.InputOptions(allow_local=True)))
    assert sorted(row.get("#loc+name") for row in rows) == ["Kayes", "Timbuktu"]
    assert {row.get("#country+code") for row in rows} == {"MLI"}
    assert all(row.get("#status+review") == "Published" for row in rows)

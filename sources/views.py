"""The old addresses of the import pages of `sources`.

The one Import page (paste, file, URL, feed, ACLED/UCDP tabs) and the one job page are the
desk's (`/import/`, `/import/jobs/<pk>/`); `sources` keeps only permanent redirects here, so
bookmarks and the admin's links to `sources:job-detail` still arrive.
"""

from __future__ import annotations

from django.views.generic import RedirectView

# By URL name: `sources` does not import the desk, it only points at its address.
job_detail = RedirectView.as_view(pattern_name="desk:import_job", permanent=True, query_string=True)

"""The interactive map's data: the incidents the page's filters select, as GeoJSON.

    GET /incidents/map.json?<the incident list's or the briefing's filters>

One rule for what is read (`Incident.objects.visible_to`, through `filtered_incidents`) and one
for the filters (`IncidentFilterSet`): the map shows what the list or the briefing beside it
lists. At most `MAP_MAX_INCIDENTS` incidents (the latest ones), and the answer says when some
were left out.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from .. import map_data
from .incidents import filtered_incidents


@login_required
def map_points(request: HttpRequest) -> JsonResponse:
    filterset = filtered_incidents(request)
    if not filterset.is_valid():
        return JsonResponse(
            {"error": _("The filters are not valid."), "errors": filterset.errors}, status=400
        )
    limit = settings.MAP_MAX_INCIDENTS
    rows = list(filterset.qs.order_by("-date_start", "-id").with_list_data()[: limit + 1])
    collection = map_data.feature_collection(rows[:limit], truncated=len(rows) > limit)
    collection["limit"] = limit
    return JsonResponse(collection, json_dumps_params={"ensure_ascii": False})

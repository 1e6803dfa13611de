import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _


class NoNulCharactersMiddleware:
    """NUL characters never reach a view: PostgreSQL refuses them in text, so one that reached a
    query or a save unchecked would be a 500.

    - In the path or the query string, where no id, name or filter value holds one, they are
      answered 400. (The desk's and the API's filters validate their values, but the admin's
      change lists take any field lookup from the query string: `?tlp=…`.)
    - In a submitted form's fields (not its files) they are dropped, so that a reason or a
      name pasted with one is kept: several views read such fields straight from the form.
      The API's bodies (JSON or forms) are left to its fields, which refuse NUL with a 400
      that names the field.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        if "\x00" in request.path or _holds_nul(request.GET):
            message = _("An address may not hold a NUL character.")
            if api:
                return JsonResponse({"detail": message, "code": "nul_character"}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        # Parsing errors (too big, too many fields) are raised by `request.POST` here as the view
        # would raise them, and answered 400 the same way.
        is_form = request.method == "POST" and request.content_type in FORM_CONTENT_TYPES
        if is_form and not api and _holds_nul(request.POST):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(data: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


def _without_nul(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned


class UserTimezoneMiddleware:
    """Show times in the analyst's own time zone (set on their profile)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        tz_name = getattr(user, "time_zone", "") if user and user.is_authenticated else ""
        try:
            if tz_name:
                timezone.activate(zoneinfo.ZoneInfo(tz_name))
            else:
                timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)

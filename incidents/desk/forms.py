"""Forms of the desk pages: a proposed incident, the briefing's region and period (the import
forms are `sources.forms`)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.extraction.taxonomy import EVENT_TYPES
from incidents.models import Location
from incidents.models.incidents import ClaimStatus, DatePrecision, GeoPrecision, ReviewStatus

from . import geo

MAX_PLACES = 20


def initial_places(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The proposal's gazetteer places as the places editor holds them: id and precision."""
    places = []
    for loc in data.get("location_details") or []:
        if isinstance(loc, dict) and loc.get("location_id"):
            places.append(
                {
                    "location_id": int(loc["location_id"]),
                    "precision": int(loc.get("precision") or 1),
                }
            )
    if not places:
        places = [{"location_id": int(pk), "precision": 1} for pk in data.get("location_ids") or []]
    return places


def _number(value: Any, name: str, limit: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise forms.ValidationError(_("The %(name)s must be a number.") % {"name": name}) from None
    if not -limit <= number <= limit:
        raise forms.ValidationError(
            _("The %(name)s must lie between -%(limit)s and %(limit)s.")
            % {"name": name, "limit": int(limit)}
        )
    return number


def _clean_place(item: Any) -> dict[str, Any]:
    """One row of the places editor: a gazetteer id, or a new place by name (coordinates optional)."""
    if not isinstance(item, dict):
        raise forms.ValidationError(_("The list of places could not be read."))
    try:
        precision = int(item.get("precision") or GeoPrecision.EXACT)
    except (TypeError, ValueError):
        precision = 0
    if precision not in GeoPrecision.values:
        raise forms.ValidationError(_("Choose the precision of each place."))
    if item.get("location_id"):
        try:
            pk = int(item["location_id"])
        except (TypeError, ValueError):
            raise forms.ValidationError(_("The list of places could not be read.")) from None
        if not Location.objects.filter(pk=pk).exists():
            raise forms.ValidationError(_("A chosen place is no longer in the gazetteer."))
        return {"location_id": pk, "precision": precision}
    name = " ".join(str(item.get("name") or "").split())
    if not name or len(name) > 200:
        raise forms.ValidationError(_("A new place needs a name (at most 200 characters)."))
    latitude = _number(item.get("latitude"), _("latitude"), 90)
    longitude = _number(item.get("longitude"), _("longitude"), 180)
    if (latitude is None) != (longitude is None):
        raise forms.ValidationError(
            _("Give both the latitude and the longitude of %(name)s, or neither.") % {"name": name}
        )
    return {
        "new": True,
        "name": name,
        "latitude": latitude,
        "longitude": longitude,
        "precision": precision,
    }


def _names(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


SUB_EVENT_CHOICES = [("", "—")] + [
    (event_type, [(sub, sub) for sub in subs]) for event_type, subs in EVENT_TYPES.items()
]


class SuggestionForm(forms.Form):
    """A proposed incident, pre-filled from Suggestion.data; `changes()` is what the analyst edited,
    in the same shape as Suggestion.data, for `accept_suggestion(…, changes=…)`."""

    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    date_start = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    date_end = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_precision = forms.ChoiceField(label=_("Precision"), choices=DatePrecision.choices)
    event_type = forms.ChoiceField(label=_("Event type"), choices=[(t, t) for t in EVENT_TYPES])
    sub_event_type = forms.ChoiceField(
        label=_("Sub-event type"), choices=SUB_EVENT_CHOICES, required=False
    )
    country = forms.CharField(label=_("Country"), max_length=2, required=False)
    admin1 = forms.CharField(label=_("Admin 1"), max_length=200, required=False)
    perpetrators = forms.CharField(label=_("Perpetrators"), required=False)
    suspected = forms.CharField(label=_("Suspected"), required=False)
    claimants = forms.CharField(label=_("Claimants"), required=False)
    targets = forms.CharField(label=_("Targets"), required=False)
    claim_status = forms.ChoiceField(label=_("Claim status"), choices=ClaimStatus.choices)
    fatalities_low = forms.IntegerField(label=_("Fatalities (low)"), min_value=0, required=False)
    fatalities_best = forms.IntegerField(label=_("best"), min_value=0, required=False)
    fatalities_high = forms.IntegerField(label=_("high"), min_value=0, required=False)
    # The places editor (static/desk/places.js) keeps this JSON list in step with what it shows.
    places = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20_000)

    ACTOR_FIELDS = ("perpetrators", "suspected", "claimants", "targets")

    @classmethod
    def initial_from(cls, data: dict[str, Any]) -> dict[str, Any]:
        fatalities = data.get("fatalities") or {}
        initial = {
            key: data.get(key) or ""
            for key in (
                "summary",
                "date_start",
                "date_end",
                "date_precision",
                "event_type",
                "sub_event_type",
                "country",
                "admin1",
                "claim_status",
            )
        }
        for key in ("date_start", "date_end"):
            # Compare dates with dates, so an untouched field does not count as a change.
            try:
                initial[key] = datetime.date.fromisoformat(str(initial[key]))
            except ValueError:
                initial[key] = None
        for key in cls.ACTOR_FIELDS:
            initial[key] = "; ".join(data.get(key) or [])
        for key in ("low", "best", "high"):
            initial[f"fatalities_{key}"] = fatalities.get(key)
        initial["places"] = json.dumps(initial_places(data))
        return initial

    def clean_places(self) -> list[dict[str, Any]]:
        raw = self.cleaned_data.get("places") or ""
        if not raw.strip():
            return self._initial_places()
        try:
            value = json.loads(raw)
        except ValueError:
            raise forms.ValidationError(_("The list of places could not be read.")) from None
        if not isinstance(value, list) or len(value) > MAX_PLACES:
            raise forms.ValidationError(
                _("An incident has at most %(n)d places.") % {"n": MAX_PLACES}
            )
        return [_clean_place(item) for item in value]

    def _initial_places(self) -> list[dict[str, Any]]:
        try:
            return json.loads(self.initial.get("places") or "[]")
        except ValueError:
            return []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, best, high = (data.get(f"fatalities_{k}") for k in ("low", "best", "high"))
        known = [v for v in (low, best, high) if v is not None]
        if known != sorted(known):
            raise forms.ValidationError(_("Fatalities must read low ≤ best ≤ high."))
        start, end = data.get("date_start"), data.get("date_end")
        if start and end and end < start:
            self.add_error("date_end", _("The end date is before the start date."))
        return data

    def changes(self) -> dict[str, Any]:
        """Only the fields the analyst changed, in Suggestion.data's shape."""
        changed: dict[str, Any] = {}
        places = self.cleaned_data.get("places")
        if places is not None and places != self._initial_places():
            changed["location_details"] = places
        for name in self.changed_data:
            if name == "places":
                continue
            value = self.cleaned_data.get(name)
            if name.startswith("fatalities_"):
                changed.setdefault("fatalities", {})
                continue
            if name in self.ACTOR_FIELDS:
                changed[name] = _names(value or "")
            elif isinstance(value, datetime.date):
                changed[name] = value.isoformat()
            else:
                changed[name] = value if value is not None else ""
        if "fatalities" in changed:
            changed["fatalities"] = {
                key: self.cleaned_data.get(f"fatalities_{key}") for key in ("low", "best", "high")
            }
        return changed


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


def briefing_country_choices(language: str) -> list[tuple[str, str]]:
    names = geo.country_names(language)
    countries = sorted(
        ((iso, names.get(iso, iso)) for iso in geo.BRIEFING_COUNTRIES), key=lambda c: c[1]
    )
    return [("", _("Sahel (all countries)")), *countries]


class ReviewStatusesField(forms.MultipleChoiceField):
    """Ticked boxes (`review_status=draft&review_status=published`) or the shared filters'
    comma list (`review_status=draft,published`, as in the CSV link): the same statuses."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value: Any) -> list[str]:
        values = super().to_python(value)
        return list(dict.fromkeys(v.strip() for item in values for v in item.split(",") if v))


class BriefingForm(forms.Form):
    """Region, period and review statuses; the names match the shared filters so the CSV link
    reuses them. No review status ticked: the sharing default (published only)."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    admin1 = forms.CharField(label=_("Region (admin 1)"), required=False, max_length=200)
    date_after = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_before = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    review_status = ReviewStatusesField(
        label=_("Review status"), required=False, choices=ReviewStatus.choices
    )

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = briefing_country_choices(language)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        after, before = data.get("date_after"), data.get("date_before")
        if after and before and after > before:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

"""Forms of the desk pages: paste, a proposed incident, the briefing's region and period."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.extraction.taxonomy import EVENT_TYPES
from incidents.models.incidents import ClaimStatus, DatePrecision, ReviewStatus
from sources.forms import LANGUAGE_CHOICES
from sources.services import check_paste_length

from . import geo


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Article text"),
        widget=forms.Textarea(
            attrs={
                "rows": 18,
                "autofocus": True,
                "placeholder": _(
                    "Paste the article here. A first line 'date YYYY-MM-DD' or a wire dateline "
                    "gives the publication date."
                ),
            }
        ),
        # The shared rule (IMPORT_MAX_PASTE_CHARS), not an HTML maxlength that would cut a
        # pasted article short without a word.
        validators=[check_paste_length],
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=500)
    url = forms.URLField(label=_("URL"), required=False, max_length=2000, assume_scheme="https")
    outlet = forms.CharField(label=_("Outlet"), required=False, max_length=200)
    published = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("The article text is empty."))
        return text

    def import_params(self) -> dict[str, Any]:
        """The params of `start_import("paste", …)`: only what the analyst filled in."""
        data = self.cleaned_data
        params: dict[str, Any] = {"text": data["text"]}
        for key in ("title", "url", "outlet", "language"):
            if data.get(key):
                params[key] = data[key]
        if data.get("published"):
            params["published"] = data["published"].isoformat()
        return params


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
        return initial

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
        for name in self.changed_data:
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

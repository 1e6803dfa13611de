"""The import forms, one per kind: shared by the desk's Import page and the admin paste view."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feed, Outlet
from .services import check_paste_length

LANGUAGE_CHOICES = [("", _("Detect")), ("en", "English"), ("fr", "Français")]


class PasteForm(forms.Form):
    """One pasted article: the text, and what it does not say itself."""

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
        help_text=_(
            "A leading “date YYYY-MM-DD” line or a wire dateline (BAMAKO, July 1 (Reuters) -) "
            "gives the publication date; an agency credit such as (AFP) gives the outlet."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    url = forms.URLField(label=_("URL"), max_length=2000, required=False, assume_scheme="https")
    # Free text: a new outlet is created on import; empty, the agency credit of the text is used.
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False)
    published = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to read it from the text."),
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
                params[key] = data[key].strip() if key == "outlet" else data[key]
        if data.get("published"):
            params["published"] = data["published"].isoformat()
        return params


class UrlImportForm(forms.Form):
    urls = forms.CharField(
        label=_("URLs"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One web page per line."),
    )
    outlet = forms.ModelChoiceField(
        label=_("Outlet"), queryset=Outlet.objects.all(), required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)

    def import_params(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "urls": data["urls"].split(),
            "outlet": data["outlet"].name if data["outlet"] else "",
            "language": data["language"],
        }


class FileImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_(".txt, .md, .html, or a .csv of articles"))
    outlet = forms.ModelChoiceField(
        label=_("Outlet"), queryset=Outlet.objects.all(), required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)

    def import_params(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "outlet": data["outlet"].name if data["outlet"] else "",
            "language": data["language"],
        }


class FeedPollForm(forms.Form):
    feed = forms.ModelChoiceField(
        label=_("Feed"),
        queryset=Feed.objects.filter(active=True).select_related("outlet").order_by("title", "url"),
        help_text=_("Read the feed now instead of waiting for its next poll."),
    )

    def import_params(self) -> dict[str, Any]:
        return {"feed_id": self.cleaned_data["feed"].pk}

"""Forms shared by the analyst import page and the admin paste view."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Outlet
from .services import check_paste_length

LANGUAGE_CHOICES = [("", _("Detect")), ("en", "English"), ("fr", "Français")]


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Article text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        validators=[check_paste_length],
        help_text=_(
            "A leading “date YYYY-MM-DD” line or a wire dateline (BAMAKO, July 1 (Reuters) -) "
            "gives the publication date."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    url = forms.URLField(label=_("URL"), max_length=2000, required=False, assume_scheme="https")
    outlet = forms.ModelChoiceField(
        label=_("Outlet"), queryset=Outlet.objects.all(), required=False
    )
    published = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to read it from the text."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)

    def import_params(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "title": data["title"],
            "url": data["url"],
            "outlet": data["outlet"].name if data["outlet"] else "",
            "published": data["published"].isoformat() if data["published"] else "",
            "language": data["language"],
        }


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

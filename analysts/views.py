"""Profile pages: the user's API tokens (create, name, list, revoke)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=_("Name"),
        help_text=_("What the token is for, e.g. “dashboard” or “notebook”."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if ApiToken.objects.active().filter(user=self.user, name=name).exists():
            raise forms.ValidationError(_("You already have an active token with this name."))
        return name


def _base_template() -> str:
    # The desk's base.html when it is there; a plain page otherwise.
    try:
        get_template("base.html")
    except TemplateDoesNotExist:
        return "analysts/standalone_base.html"
    return "base.html"


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    new_key = None
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            token, new_key = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = TokenForm(user=request.user)
        # The key is rendered in this response only (never stored, never in a URL).
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "analysts/tokens.html",
        {
            "base_template": _base_template(),
            "form": form,
            "tokens": tokens,
            "new_key": new_key,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token.is_active:
        token.revoke()
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("analysts:tokens")

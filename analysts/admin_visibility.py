"""The one visibility rule on an admin's object pages, for models with a `visible_to(user)` manager
(articles, incidents). Put `MarkedRecordAdminMixin` first in the bases:

    class ArticleAdmin(MarkedRecordAdminMixin, SimpleHistoryAdmin): ...

Why: the changelist, counts and autocompletes go through `get_queryset`, and the change and delete
pages look their object up there too (a hidden id is "doesn't exist"). django-simple-history's
history and revert views do not stop there: when `get_queryset` misses, they rebuild the object
from its latest historical row and check only model permissions, so a RED article's title and
text reached anyone with `view_article`. Here a record the user may not read answers 404 on every
object page, exactly as an id that never existed does (403 would confirm that it exists), and the
object-level `has_*_permission` checks refuse it too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from .search_limits import SEARCH_MAX_CHARS


class ObjectPagesAdminMixin:
    """Every object page (change, delete, Django's history) answers an id the user may not read
    exactly as one that never existed: 404, not Django's "doesn't exist" redirect to the index
    (nor a 403 that would confirm the record). A role that may not open the model's pages at
    all gets 403 whatever the id. Put it first in the bases of every project admin; the IDOR
    sweep (tests/test_idor_sweep.py) holds every admin route with an id to it."""

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        # The search box turns every word into a condition on every searched field: thousands
        # of words held the database for minutes. Refused like the desk's and the API's `q`.
        if len(search_term) > SEARCH_MAX_CHARS:
            self.message_user(
                request,
                _("Search not applied, nothing listed: at most %(n)d characters.")
                % {"n": SEARCH_MAX_CHARS},
                messages.ERROR,
            )
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = super().get_object(request, object_id, from_field)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        return obj


class MarkedRecordAdminMixin(ObjectPagesAdminMixin):
    def visible_objects(self, request: HttpRequest) -> QuerySet:
        """What `request.user` may read; override to widen (e.g. merged incidents)."""
        return self.model._default_manager.visible_to(request.user)

    def is_visible(self, request: HttpRequest, obj) -> bool:
        if obj is None:  # the model-level question (changelist, add): the queryset decides
            return True
        return obj.pk is not None and self._visible_pk(request, obj.pk)

    def _visible_pk(self, request: HttpRequest, pk) -> bool:
        # One query per object and request: a change page asks for several permissions.
        cache = request.__dict__.setdefault("_visible_records", {})
        key = (self.model._meta.label, str(pk))
        if key not in cache:
            cache[key] = self.visible_objects(request).filter(pk=pk).exists()
        return cache[key]

    def _refuse_hidden(self, request: HttpRequest, object_id: str) -> None:
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        if not self._visible_pk(request, pk):
            raise Http404

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        self._refuse_hidden(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id, extra_context=None
    ):
        # The revert page (GET shows the old version, POST restores it).
        self._refuse_hidden(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.is_visible(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.is_visible(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.is_visible(request, obj) and super().has_delete_permission(request, obj)

    def has_view_history_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.is_visible(request, obj) and super().has_view_history_permission(request, obj)

    def has_change_history_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.is_visible(request, obj) and super().has_change_history_permission(request, obj)


class VisibleRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id input whose label (the related record's name and link) comes from `queryset`,
    the records the user may read, instead of the model's default manager: an id typed in or
    stored that points at a hidden record shows no name."""

    def __init__(self, rel, admin_site, queryset: QuerySet, attrs=None, using=None) -> None:
        super().__init__(rel, admin_site, attrs=attrs, using=using)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            visible = self.queryset.filter(**{key: value}).exists()
        except (ValueError, ValidationError):
            return "", ""
        return super().label_and_url_for_value(value) if visible else ("", "")


class MarkedLinksAdminMixin:
    """Foreign keys to marked records (a related manager with `visible_to`) offer, validate and
    label only the records the user may read: a link from a readable record to a hidden one
    neither names it nor accepts a hidden id typed into the form."""

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        manager = db_field.related_model._default_manager
        if hasattr(manager, "visible_to"):
            visible = manager.visible_to(request.user)
            kwargs["queryset"] = visible
            if db_field.name in self.raw_id_fields:
                kwargs["widget"] = VisibleRawIdWidget(
                    db_field.remote_field, self.admin_site, visible, using=kwargs.get("using")
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    #: Foreign key → the display (a method of the admin, without the related record's name) that
    #: takes its place on the change page, read-only, when the linked record is hidden: the form
    #: then neither shows nor rewrites the link.
    hidden_link_displays: dict[str, str] = {}

    def link_is_visible(self, request: HttpRequest, model, pk) -> bool:
        """May `request.user` read the `model` record `pk` (None: no link, nothing to hide)?"""
        if pk is None:
            return True
        cache = request.__dict__.setdefault("_visible_links", {})
        key = (model._meta.label, str(pk))
        if key not in cache:
            cache[key] = model._default_manager.visible_to(request.user).filter(pk=pk).exists()
        return cache[key]

    def hidden_links(self, request: HttpRequest, obj) -> list[str]:
        """The foreign keys of `hidden_link_displays` on which `obj` points at a hidden record."""
        if obj is None:
            return []
        return [
            name
            for name in self.hidden_link_displays
            if not self.link_is_visible(
                request,
                obj._meta.get_field(name).related_model,
                getattr(obj, obj._meta.get_field(name).attname),
            )
        ]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        displays = [self.hidden_link_displays[name] for name in self.hidden_links(request, obj)]
        return fields + [d for d in displays if d not in fields]

    def get_fields(self, request: HttpRequest, obj=None):
        hidden = {name: self.hidden_link_displays[name] for name in self.hidden_links(request, obj)}
        fields = [hidden.get(name, name) for name in super().get_fields(request, obj)]
        return list(dict.fromkeys(fields))

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from incidents.extraction.taxonomy import ACTOR_TYPES


class ActorQuerySet(models.QuerySet):
    def search(self, term: str) -> ActorQuerySet:
        term = term.strip()
        if not term:
            return self
        return self.filter(
            Q(name__icontains=term)
            | Q(short_name__icontains=term)
            | Q(id__in=ActorAlias.objects.filter(alias__icontains=term).values("actor_id"))
        )


class Actor(models.Model):
    """An armed group, a state force, a civilian population: standardised ACLED-style name."""

    name = models.CharField(
        verbose_name=_("name"),
        max_length=200,
        unique=True,
        help_text=_('e.g. "JNIM: Group for Support of Islam and Muslims"'),
    )
    short_name = models.CharField(
        verbose_name=_("short name"),
        max_length=60,
        blank=True,
        help_text=_('Used in readable texts: "Unclaimed, JNIM suspected".'),
    )
    actor_type = models.PositiveSmallIntegerField(
        _("actor type (ACLED inter code)"),
        choices=[(code, _(label)) for code, label in sorted(ACTOR_TYPES.items())],
    )
    affiliation = models.ForeignKey(
        "self",
        verbose_name=_("affiliation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="affiliates",
        help_text=_("Parent organisation, e.g. JNIM → Al Qaeda."),
    )
    country = models.CharField(
        verbose_name=_("country"), max_length=2, blank=True, help_text="ISO 3166-1 alpha-2"
    )
    description = models.TextField(verbose_name=_("description"), blank=True)
    active = models.BooleanField(verbose_name=_("active"), default=True)

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def choice_label(self) -> str:
        """The actor's name in a list to choose from (filters, autocompletes, API choices): the
        short label and, for an actor of one country, that country, because short labels repeat
        across countries ("Civilians (Mali)", "Civilians (Niger)"). The one rule for it."""
        from vocabulary.countries import COUNTRIES

        country = COUNTRIES.get(self.country.upper(), ("", 0, ""))[2] if self.country else ""
        if not country or country in self.label:
            return self.label
        return f"{self.label} ({country})"


class ActorAlias(models.Model):
    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField(verbose_name=_("alias"), max_length=200, db_index=True)
    language = models.CharField(verbose_name=_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("actor alias")
        verbose_name_plural = _("actor aliases")
        ordering = ["alias"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "alias"], name="unique_alias_per_actor")
        ]

    def __str__(self) -> str:
        return f"{self.alias} ({self.language})" if self.language else self.alias

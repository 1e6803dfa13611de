from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class LocationQuerySet(models.QuerySet):
    def search(self, term: str) -> LocationQuerySet:
        """Name, ASCII name or any alternate name contains `term` (for autocompletes and the API)."""
        term = term.strip()
        if not term:
            return self
        return self.filter(
            Q(name__icontains=term)
            | Q(ascii_name__icontains=term)
            | Q(id__in=LocationName.objects.filter(name__icontains=term).values("location_id"))
        )


class Location(models.Model):
    """A gazetteer entry (mostly from GeoNames): a country, a region, a town or a site."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        ADMIN1 = "admin1", _("Admin 1 (region)")
        ADMIN2 = "admin2", _("Admin 2 (cercle, province, department)")
        PLACE = "place", _("Populated place")
        SITE = "site", _("Site")

    name = models.CharField(verbose_name=_("name"), max_length=200, db_index=True)
    ascii_name = models.CharField(
        verbose_name=_("ascii name"), max_length=200, db_index=True, blank=True
    )
    kind = models.CharField(
        verbose_name=_("kind"), max_length=16, choices=Kind.choices, default=Kind.PLACE
    )
    country_code = models.CharField(
        _("country"), max_length=2, db_index=True, help_text="ISO 3166-1"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    # Admin codes and names are kept on every row so that lists and exports need no joins up the tree.
    admin1_code = models.CharField(verbose_name=_("admin1 code"), max_length=20, blank=True)
    admin1_name = models.CharField(_("admin1"), max_length=200, blank=True, db_index=True)
    admin2_code = models.CharField(verbose_name=_("admin2 code"), max_length=80, blank=True)
    admin2_name = models.CharField(_("admin2"), max_length=200, blank=True)
    feature_class = models.CharField(verbose_name=_("feature class"), max_length=1, blank=True)
    feature_code = models.CharField(verbose_name=_("feature code"), max_length=10, blank=True)
    latitude = models.FloatField(verbose_name=_("latitude"), null=True, blank=True)
    longitude = models.FloatField(verbose_name=_("longitude"), null=True, blank=True)
    population = models.BigIntegerField(verbose_name=_("population"), default=0)
    geonames_id = models.BigIntegerField(
        verbose_name=_("geonames id"), null=True, blank=True, unique=True
    )

    objects = LocationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["country_code", "name"]
        indexes = [models.Index(fields=["country_code", "kind", "admin1_name"])]

    def __str__(self) -> str:
        parts = [self.name]
        if self.kind not in (self.Kind.COUNTRY, self.Kind.ADMIN1) and self.admin1_name:
            parts.append(self.admin1_name)
        if self.kind != self.Kind.COUNTRY:
            parts.append(self.country_code)
        return ", ".join(parts)


class LocationName(models.Model):
    """An alternate name (another language or spelling): Tombouctou / Timbuktu."""

    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="alternate_names",
    )
    name = models.CharField(verbose_name=_("name"), max_length=200, db_index=True)
    language = models.CharField(verbose_name=_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("location name")
        verbose_name_plural = _("location names")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "name", "language"], name="unique_location_alternate_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})" if self.language else self.name

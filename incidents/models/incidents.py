from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from analysts.markings import TLP, TLP_HELP
from incidents import claims
from incidents.extraction import taxonomy
from incidents.extraction.taxonomy import DISORDER_TYPES, EVENT_TYPES
from vocabulary import claims as claim_words

from .actors import Actor
from .locations import Location

# Stored in English (ACLED's spelling), shown translated: the labels are marked for makemessages
# in `incidents.desk.vocabulary`.
EVENT_TYPE_CHOICES = [(t, _(t)) for t in EVENT_TYPES]
SUB_EVENT_TYPE_CHOICES = [(_(t), [(s, _(s)) for s in subs]) for t, subs in EVENT_TYPES.items()]
DISORDER_TYPE_CHOICES = [(t, _(t)) for t in DISORDER_TYPES]


class DatePrecision(models.TextChoices):
    DAY = taxonomy.PRECISION_DAY, _("Day")
    WEEK = taxonomy.PRECISION_WEEK, _("Week")
    MONTH = taxonomy.PRECISION_MONTH, _("Month")
    YEAR = taxonomy.PRECISION_YEAR, _("Year")


class GeoPrecision(models.IntegerChoices):
    EXACT = taxonomy.GEO_EXACT, _("1 – the town itself")
    NEAR = taxonomy.GEO_NEAR, _("2 – near or part of")
    REGION = taxonomy.GEO_REGION, _("3 – region only")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


class ClaimStatus(models.TextChoices):
    # Values and labels from the shared vocabulary (marked for translation there).
    UNKNOWN = claims.UNKNOWN, _(claim_words.LABELS[claims.UNKNOWN])
    UNCLAIMED = claims.UNCLAIMED, _(claim_words.LABELS[claims.UNCLAIMED])
    CLAIMED = claims.CLAIMED, _(claim_words.LABELS[claims.CLAIMED])
    DISPUTED = claims.DISPUTED, _(claim_words.LABELS[claims.DISPUTED])
    ATTRIBUTED = claims.ATTRIBUTED, _(claim_words.LABELS[claims.ATTRIBUTED])


class Credibility(models.IntegerChoices):
    """Admiralty information credibility: judged per report or claim, not per outlet."""

    CONFIRMED = 1, _("1 – Confirmed by other sources")
    PROBABLY_TRUE = 2, _("2 – Probably true")
    POSSIBLY_TRUE = 3, _("3 – Possibly true")
    DOUBTFUL = 4, _("4 – Doubtful")
    IMPROBABLE = 5, _("5 – Improbable")
    CANNOT_JUDGE = 6, _("6 – Truth cannot be judged")


class Tag(models.Model):
    name = models.CharField(verbose_name=_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def visible_q(user, *, include_merged: bool = False) -> Q:
    """The one visibility rule for incidents, as a condition on an incident's own columns: it
    applies to the incident table (`IncidentQuerySet.visible_to`) and to its history
    (`incidents.removals`) alike.

    - TLP clearance and, for AMBER and above, team membership (`analysts.visibility`);
      anonymous users and users holding no role see nothing;
    - drafts, incidents in review and retracted ones only for those who may edit incidents
      (analysts, editors); viewers and API consumers see published incidents only;
    - incidents merged into another one are left out unless `include_merged` (they only
      redirect: see `incidents.merge.merged_target`).
    """
    from analysts.visibility import marking_q

    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    q = marking_q(user)
    if not include_merged:
        q &= Q(merged_into__isnull=True)
    if not (user.is_superuser or user.has_perm("incidents.change_incident")):
        q &= Q(review_status=ReviewStatus.PUBLISHED)
    return q


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user, *, include_merged: bool = False) -> IncidentQuerySet:
        """The incidents `user` may read (`visible_q`): used by the admin, the desk, the API,
        exports, search and autocompletes."""
        return self.filter(visible_q(user, include_merged=include_merged))

    def current(self) -> IncidentQuerySet:
        """Leaves out incidents merged into another one (they only redirect)."""
        return self.filter(merged_into__isnull=True)

    def with_list_data(self) -> IncidentQuerySet:
        """Everything a list row, an API page or an export needs, in a constant number of queries."""
        return self.select_related("primary_location").prefetch_related(
            Prefetch(
                "incident_actors",
                queryset=IncidentActor.objects.select_related("actor").order_by("role", "id"),
            ),
            Prefetch(
                "claim_events",
                queryset=ClaimEvent.objects.select_related("actor").order_by("date", "id"),
            ),
            Prefetch(
                "incident_locations",
                queryset=IncidentLocation.objects.select_related("location").order_by(
                    "-is_primary", "id"
                ),
            ),
            "tags",
        )


# Foreign keys left NULL by imports and most desk rows: indexed only where set (see Meta).
PARTIAL_INDEX_COLUMNS = (
    "submitted_by",
    "published_by",
    "retracted_by",
    "merged_into",
    "team",
    "created_by",
    "updated_by",
    "assigned_to",
)


def _user_stamp(verbose_name: str) -> models.ForeignKey:
    """Who submitted, published, retracted, created or last changed an incident: kept as NULL
    when the account goes, indexed only where set (`PARTIAL_INDEX_COLUMNS`)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )


class Incident(models.Model):
    summary = models.TextField(
        verbose_name=_("summary"), help_text=_("What happened, in one or two sentences.")
    )
    date_start = models.DateField(verbose_name=_("date start"), db_index=True)
    date_end = models.DateField(
        verbose_name=_("date end"), null=True, blank=True, help_text=_("Empty for one-day events.")
    )
    date_precision = models.CharField(
        verbose_name=_("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    disorder_type = models.CharField(
        verbose_name=_("disorder type"),
        max_length=40,
        choices=DISORDER_TYPE_CHOICES,
        default="Political violence",
    )
    # Indexed in Meta.indexes (a plain btree, without PostgreSQL's unused LIKE twin).
    event_type = models.CharField(
        verbose_name=_("event type"), max_length=40, choices=EVENT_TYPE_CHOICES
    )
    sub_event_type = models.CharField(
        verbose_name=_("sub event type"), max_length=60, choices=SUB_EVENT_TYPE_CHOICES, blank=True
    )
    # Denormalised from the primary location so that lists, filters and exports need no joins.
    primary_location = models.ForeignKey(
        Location,
        verbose_name=_("primary location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Filtered through incident_country_date_idx and incident_place_date_idx (migrations
    # 0005 and 0006): no single-column indexes.
    country = models.CharField(verbose_name=_("country"), max_length=2, blank=True)
    admin1 = models.CharField(verbose_name=_("admin1"), max_length=200, blank=True)
    geo_precision = models.PositiveSmallIntegerField(
        verbose_name=_("geo precision"), choices=GeoPrecision.choices, default=GeoPrecision.EXACT
    )
    locations = models.ManyToManyField(
        Location,
        verbose_name=_("locations"),
        through="IncidentLocation",
        related_name="incidents",
        blank=True,
    )
    actors = models.ManyToManyField(
        Actor,
        verbose_name=_("actors"),
        through="IncidentActor",
        related_name="incidents",
        blank=True,
    )
    # Fatalities: null means unknown, never 0. Claims by perpetrators are kept apart.
    fatalities_low = models.PositiveIntegerField(
        verbose_name=_("fatalities low"), null=True, blank=True
    )
    fatalities_best = models.PositiveIntegerField(
        verbose_name=_("fatalities best"), null=True, blank=True
    )
    fatalities_high = models.PositiveIntegerField(
        verbose_name=_("fatalities high"), null=True, blank=True
    )
    fatalities_claimed = models.PositiveIntegerField(
        _("toll claimed by the perpetrator"),
        null=True,
        blank=True,
        help_text=_("A group's own figure: propaganda, not a count."),
    )
    civilian_targeting = models.BooleanField(verbose_name=_("civilian targeting"), default=False)
    claim_status = models.CharField(
        verbose_name=_("claim status"),
        max_length=12,
        choices=ClaimStatus.choices,
        default=ClaimStatus.UNKNOWN,
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="incidents")
    notes = models.TextField(verbose_name=_("notes"), blank=True)

    review_status = models.CharField(
        verbose_name=_("review status"),
        max_length=12,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"), null=True, blank=True)
    submitted_by = _user_stamp(_("submitted by"))
    published_at = models.DateTimeField(verbose_name=_("published at"), null=True, blank=True)
    published_by = _user_stamp(_("published by"))
    retracted_at = models.DateTimeField(verbose_name=_("retracted at"), null=True, blank=True)
    retracted_by = _user_stamp(_("retracted by"))
    retraction_reason = models.TextField(verbose_name=_("retraction reason"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        db_index=False,  # partial index in Meta.indexes
        help_text=_("This incident was a duplicate and now redirects here."),
    )

    tlp = models.CharField(
        _("TLP"), max_length=16, choices=TLP.choices, default=TLP.CLEAR, help_text=TLP_HELP
    )
    team = models.ForeignKey(
        "analysts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # partial index in Meta.indexes
    )
    version = models.PositiveIntegerField(
        verbose_name=_("version"),
        default=1,
        help_text=_("Raised on every save; a stale edit is refused."),
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now, db_index=True
    )
    updated_at = models.DateTimeField(
        verbose_name=_("updated at"), default=timezone.now
    )  # incident_sync_idx leads with it
    created_by = _user_stamp(_("created by"))
    updated_by = _user_stamp(_("updated by"))
    # The analyst who works on it now (the queue `/queue/`, the inbox's "mine"); an edit, so
    # it is kept in the history like any other field.
    assigned_to = _user_stamp(_("assigned to"))

    objects = IncidentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[tags])

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-date_start", "-id"]
        permissions = [
            ("publish_incident", "Can publish, retract and send back incidents"),
            ("merge_incident", "Can merge duplicate incidents"),
        ]
        indexes = [
            models.Index(fields=["updated_at", "id"], name="incident_sync_idx"),
            models.Index(fields=["country", "date_start"], name="incident_country_date_idx"),
            models.Index(fields=["review_status", "date_start"], name="incident_review_date_idx"),
            models.Index(fields=["event_type"], name="incident_event_type_idx"),
            models.Index(fields=["claim_status"], name="incident_claim_status_idx"),
            # Columns that most rows leave empty (every imported row, most desk rows): partial
            # indexes hold only the rows that set them, which is all a lookup by them (a user's
            # deletion, a merge redirect, a team's incidents) needs, and cost a bulk load nothing.
            *(
                models.Index(
                    fields=[column],
                    name=f"incident_{column}_idx",
                    condition=Q(**{f"{column}__isnull": False}),
                )
                for column in PARTIAL_INDEX_COLUMNS
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fatalities_low__isnull=True)
                | Q(fatalities_best__isnull=True)
                | Q(fatalities_low__lte=F("fatalities_best")),
                name="fatalities_low_lte_best",
            ),
            models.CheckConstraint(
                condition=Q(fatalities_best__isnull=True)
                | Q(fatalities_high__isnull=True)
                | Q(fatalities_best__lte=F("fatalities_high")),
                name="fatalities_best_lte_high",
            ),
            models.CheckConstraint(
                condition=Q(fatalities_low__isnull=True)
                | Q(fatalities_high__isnull=True)
                | Q(fatalities_low__lte=F("fatalities_high")),
                name="fatalities_low_lte_high",
            ),
            models.CheckConstraint(
                condition=Q(date_end__isnull=True) | Q(date_end__gte=F("date_start")),
                name="incident_date_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        place = self.admin1 or self.country or "?"
        return f"{self.date_start:%Y-%m-%d} {gettext(self.event_type)} – {place} (#{self.pk})"

    def save(self, *args, **kwargs) -> None:
        self.updated_at = timezone.now()
        # Every save of an existing row raises the version, so that an edit based on an older
        # version can be recognised as stale (see `incidents.workflow.save_with_version`).
        if not self._state.adding and self.pk is not None:
            self.version = (self.version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at", "version"}
        super().save(*args, **kwargs)

    # --- derived, readable values -------------------------------------------------------------

    def actors_by_role(self) -> dict[str, list[IncidentActor]]:
        """Uses the prefetched rows when present (see `with_list_data`)."""
        grouped: dict[str, list[IncidentActor]] = {}
        for link in self.incident_actors.all():
            grouped.setdefault(link.role, []).append(link)
        return grouped

    def actor_labels(self, role: str) -> list[str]:
        return [link.actor.label for link in self.actors_by_role().get(role, [])]

    @cached_property
    def claim_picture(self) -> claims.ClaimPicture:
        by_role = self.actors_by_role()
        groups: dict[object, list[str]] = {}
        for link in by_role.get(IncidentActor.Role.SUSPECTED, []):
            key = link.alternative_group or f"solo-{link.pk}"
            groups.setdefault(key, []).append(link.actor.label)
        facts = [
            claims.ClaimFact(
                kind=event.kind,
                actor=event.actor.label if event.actor else None,
                date=event.date,
                channel=event.channel,
                made_by=event.made_by,
            )
            for event in self.claim_events.all()
        ]
        return claims.ClaimPicture(
            status=self.claim_status,
            facts=facts,
            claimants=[link.actor.label for link in by_role.get(IncidentActor.Role.CLAIMANT, [])],
            suspects=list(groups.values()),
        )

    @property
    def claim_status_text(self) -> str:
        return claims.claim_status_text(self.claim_picture)

    @property
    def fatalities_text(self) -> str:
        """ "unknown", "≥30", "12", "10–15" (French: "inconnu", "≥ 30"): never turns an unknown
        toll into 0."""
        low, best, high = self.fatalities_low, self.fatalities_best, self.fatalities_high
        if low is None and best is None and high is None:
            return gettext("unknown")
        if high is None and low is not None and (best is None or best == low):
            return gettext("≥%(low)s") % {"low": low}
        if low is not None and high is not None and low != high:
            return f"{low}–{high}"
        return str(best if best is not None else (low if low is not None else high))

    def refresh_place_fields(self) -> None:
        """Copy country/admin1/precision from the primary location (after locations change)."""
        link = (
            self.incident_locations.select_related("location").order_by("-is_primary", "id").first()
        )
        location = link.location if link else None
        self.primary_location = location
        self.country = location.country_code if location else ""
        if location is None:
            self.admin1 = ""
        elif location.kind == Location.Kind.ADMIN1:
            self.admin1 = location.name
        else:
            self.admin1 = location.admin1_name
        if link:
            self.geo_precision = link.geo_precision
        derived = {
            "primary_location": location,
            "country": self.country,
            "admin1": self.admin1,
            "geo_precision": self.geo_precision,
        }
        Incident.objects.filter(pk=self.pk).update(**derived)
        # Every caller links the places right after the save that wrote this version's history
        # record, so that record still holds the fields from before: bring it in step, or the
        # next editor's diff (and a stale-edit message) would show the places as their change.
        record = self.history.filter(version=self.version).order_by("-history_date").first()
        if record is not None:
            type(record).objects.filter(pk=record.pk).update(**derived)


class IncidentLocation(models.Model):
    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="incident_locations",
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="+"
    )
    is_primary = models.BooleanField(verbose_name=_("is primary"), default=False)
    geo_precision = models.PositiveSmallIntegerField(
        verbose_name=_("geo precision"), choices=GeoPrecision.choices, default=GeoPrecision.EXACT
    )
    note = models.CharField(
        verbose_name=_("note"), max_length=300, blank=True, help_text=_('e.g. "army camp, airport"')
    )

    class Meta:
        verbose_name = _("incident location")
        verbose_name_plural = _("incident locations")
        ordering = ["-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "location"], name="unique_incident_location"
            ),
            models.UniqueConstraint(
                fields=["incident"], condition=Q(is_primary=True), name="one_primary_location"
            ),
        ]

    def __str__(self) -> str:
        return str(self.location)


class IncidentActor(models.Model):
    class Role(models.TextChoices):
        PERPETRATOR = taxonomy.ROLE_PERPETRATOR, _("Perpetrator")
        SUSPECTED = taxonomy.ROLE_SUSPECTED, _("Suspected perpetrator")
        TARGET = taxonomy.ROLE_TARGET, _("Target")
        CLAIMANT = taxonomy.ROLE_CLAIMANT, _("Claimant")
        ASSOCIATED = taxonomy.ROLE_ASSOCIATED, _("Associated")

    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="incident_actors",
    )
    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="incident_links"
    )
    role = models.CharField(verbose_name=_("role"), max_length=12, choices=Role.choices)
    alternative_group = models.PositiveSmallIntegerField(
        verbose_name=_("alternative group"),
        null=True,
        blank=True,
        help_text=_(
            "Actors of the same role sharing this number are alternatives: "
            '"JNIM or Islamic State Sahel" (ACLED: "X and/or Y"). Empty: all apply jointly.'
        ),
    )
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("incident actor")
        verbose_name_plural = _("incident actors")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "actor", "role"], name="unique_actor_role_per_incident"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class ClaimEvent(models.Model):
    """One claim, denial, attribution or suspicion, with its source: the incident's claim history."""

    class Kind(models.TextChoices):
        CLAIM = claims.CLAIM, _("Claim")
        DENIAL = claims.DENIAL, _("Denial")
        ATTRIBUTION = claims.ATTRIBUTION, _("Attribution (blamed by authorities or sources)")
        SUSPICION = claims.SUSPICION, _("Suspicion")

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="claim_events"
    )
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claim_events",
        help_text=_("The group that claimed, denied, or was blamed or suspected."),
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(verbose_name=_("date"), null=True, blank=True)
    channel = models.CharField(
        verbose_name=_("channel"),
        max_length=200,
        blank=True,
        help_text=_("e.g. az-Zallaqa, Amaq, an army statement"),
    )
    made_by = models.CharField(
        verbose_name=_("made by"),
        max_length=200,
        blank=True,
        help_text=_("Who attributed or suspected, e.g. Malian army."),
    )
    source_article = models.ForeignKey(
        "sources.Article",
        verbose_name=_("source article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claim_events",
    )
    quote = models.TextField(verbose_name=_("quote"), blank=True)
    credibility = models.PositiveSmallIntegerField(
        verbose_name=_("credibility"), choices=Credibility.choices, default=Credibility.CANNOT_JUDGE
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        who = self.actor.label if self.actor else gettext("unnamed group")
        return f"{self.get_kind_display()}: {who}"


class IncidentSource(models.Model):
    """Evidence: an article that reports the incident, with the passage quoted."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="sources"
    )
    article = models.ForeignKey(
        "sources.Article",
        verbose_name=_("article"),
        on_delete=models.PROTECT,
        related_name="incident_sources",
    )
    quote = models.TextField(verbose_name=_("quote"), blank=True)
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)
    # Admiralty: the outlet's reliability (A–F) is the outlet's; the credibility (1–6) of what
    # this report says is judged per report. Together they grade the source ("B2").
    credibility = models.PositiveSmallIntegerField(
        verbose_name=_("credibility"), choices=Credibility.choices, default=Credibility.CANNOT_JUDGE
    )
    fatalities_reported = models.PositiveIntegerField(
        verbose_name=_("toll reported"),
        null=True,
        blank=True,
        help_text=_("The death toll this report gives; empty when it gives none."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("incident source")
        verbose_name_plural = _("incident sources")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "article"], name="unique_incident_article")
        ]

    def __str__(self) -> str:
        return f"{self.article} → incident {self.incident_id}"


class IncidentReference(models.Model):
    """The incident's id in an external dataset, so that re-imports update instead of duplicate."""

    class Dataset(models.TextChoices):
        ACLED = "acled", "ACLED"
        UCDP = "ucdp", "UCDP GED"
        STIX = "stix", "STIX 2.1"
        OTHER = "other", _("Other")

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="references"
    )
    dataset = models.CharField(verbose_name=_("dataset"), max_length=16, choices=Dataset.choices)
    external_id = models.CharField(verbose_name=_("external id"), max_length=100)
    last_modified = models.DateTimeField(verbose_name=_("last modified"), null=True, blank=True)
    data = models.JSONField(
        verbose_name=_("data"),
        default=dict,
        blank=True,
        help_text=_("Columns of the external row kept for round trips."),
    )

    class Meta:
        verbose_name = _("incident reference")
        verbose_name_plural = _("incident references")
        ordering = ["dataset", "external_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "external_id"], name="unique_external_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dataset_display()} {self.external_id}"

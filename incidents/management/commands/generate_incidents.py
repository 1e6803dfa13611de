"""`manage.py generate_incidents N`: synthetic but realistic incidents in bulk, for benchmarks.

Places come from the Location table (Sahel populated places; loaded from the GeoNames dumps first
when the table has too few), actors from a realistic list of Sahel armed groups, state forces and
civilian populations, dates spread over ten years. Rows are written with `bulk_create` in batches,
one transaction per batch, so a million incidents take minutes, not hours. Simple-history rows are
not written: generated data has no edit history.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from analysts.markings import TLP
from incidents.extraction.taxonomy import EVENT_TYPES
from incidents.models import (
    Actor,
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentLocation,
    Location,
    Tag,
)
from incidents.models.incidents import ClaimStatus, ReviewStatus

SAHEL = ("ML", "BF", "NE")
DEFAULT_GAZETTEER = Path(settings.BASE_DIR).parent / "shared" / "data" / "gazetteer"

# (name, short name, ACLED inter code, country)
ACTORS = [
    ("JNIM: Group for Support of Islam and Muslims", "JNIM", 2, ""),
    ("Islamic State (Sahel)", "IS Sahel", 2, ""),
    ("Military Forces of Mali (2021-)", "FAMa", 1, "ML"),
    ("Military Forces of Burkina Faso (2022-)", "Burkinabe army", 1, "BF"),
    ("Military Forces of Niger (2023-)", "Nigerien army", 1, "NE"),
    ("Africa Corps (Russia)", "Africa Corps", 8, ""),
    ("VDP: Volunteers for the Defense of the Homeland", "VDP", 3, "BF"),
    ("Dozo Communal Militia (Mali)", "Dozo militia", 4, "ML"),
    ("Dan Na Ambassagou", "Dan Na Ambassagou", 4, "ML"),
    ("FLA: Azawad Liberation Front", "FLA", 2, "ML"),
    ("Unidentified Armed Group (Mali)", "Unidentified gunmen", 3, "ML"),
    ("Unidentified Armed Group (Burkina Faso)", "Unidentified gunmen (BF)", 3, "BF"),
    ("Civilians (Mali)", "Civilians (Mali)", 7, "ML"),
    ("Civilians (Burkina Faso)", "Civilians (Burkina Faso)", 7, "BF"),
    ("Civilians (Niger)", "Civilians (Niger)", 7, "NE"),
    ("Protesters (Mali)", "Protesters (Mali)", 6, "ML"),
]
PERPETRATORS = ["JNIM", "IS Sahel", "Unidentified gunmen", "Unidentified gunmen (BF)", "FLA"]
STATE = {"ML": "FAMa", "BF": "Burkinabe army", "NE": "Nigerien army"}
CIVILIANS = {"ML": "Civilians (Mali)", "BF": "Civilians (Burkina Faso)", "NE": "Civilians (Niger)"}
TAGS = ["IED", "convoy", "market", "gold mine", "checkpoint", "drone", "abduction", "displacement"]
EVENT_WEIGHTS = {
    "Battles": 30,
    "Explosions/Remote violence": 15,
    "Violence against civilians": 30,
    "Protests": 8,
    "Riots": 4,
    "Strategic developments": 13,
}


class Command(BaseCommand):
    help = "Generate N synthetic, realistic incidents in bulk (benchmarks, demos)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--gazetteer",
            type=Path,
            default=DEFAULT_GAZETTEER,
            help="GeoNames dumps loaded when the Location table has too few Sahel places.",
        )
        parser.add_argument("--years", type=int, default=10)

    def handle(
        self, *args, count: int, batch_size: int, seed: int, gazetteer: Path, years: int, **options
    ) -> None:  # noqa: E501
        if count < 0 or batch_size < 1:
            raise CommandError("count must be ≥ 0 and --batch-size ≥ 1")
        rng = random.Random(seed)
        places = self.places(gazetteer)
        actors = self.actors()
        tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
        today = timezone.now().date()
        first_day = today - datetime.timedelta(days=365 * years)
        started = time.monotonic()
        done = 0
        while done < count:
            size = min(batch_size, count - done)
            with transaction.atomic():
                self.write_batch(rng, size, places, actors, tags, first_day, today)
            done += size
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(f"{done}/{count} incidents ({rate:.0f}/s)")
        self.stdout.write(self.style.SUCCESS(f"Generated {count} incidents."))

    # --- reference data ---------------------------------------------------------------------

    def places(self, gazetteer: Path) -> list[Location]:
        qs = Location.objects.filter(kind=Location.Kind.PLACE, country_code__in=SAHEL)
        if qs.count() < 100:
            if not gazetteer.is_dir():
                raise CommandError(
                    f"Fewer than 100 Sahel places in the Location table and no gazetteer at "
                    f"{gazetteer}: load places first or pass --gazetteer."
                )
            created = load_places(gazetteer)
            self.stdout.write(f"Loaded {created} Sahel places from {gazetteer}.")
        places = list(
            qs.exclude(latitude__isnull=True).only(
                "id", "name", "country_code", "admin1_name", "admin2_name", "kind"
            )
        )
        if not places:
            raise CommandError("No Sahel place with coordinates in the Location table.")
        return places

    def actors(self) -> dict[str, Actor]:
        by_label = {}
        for name, short, inter, country in ACTORS:
            actor, _ = Actor.objects.get_or_create(
                name=name, defaults={"short_name": short, "actor_type": inter, "country": country}
            )
            by_label[short] = actor
        return by_label

    # --- one batch ----------------------------------------------------------------------------

    def write_batch(self, rng, size, places, actors, tags, first_day, today) -> None:
        span = (today - first_day).days
        incidents: list[Incident] = []
        plans = []
        for _ in range(size):
            place = rng.choice(places)
            event_type = rng.choices(list(EVENT_WEIGHTS), weights=list(EVENT_WEIGHTS.values()))[0]
            sub = rng.choice(EVENT_TYPES[event_type])
            day = first_day + datetime.timedelta(days=rng.randrange(span + 1))
            perpetrator = rng.choice(PERPETRATORS)
            claim_status = rng.choices([s.value for s in ClaimStatus], weights=[50, 25, 12, 3, 10])[
                0
            ]
            civilian = event_type == "Violence against civilians"
            deaths = None if rng.random() < 0.2 else int(rng.expovariate(1 / 8))
            updated = timezone.make_aware(
                datetime.datetime.combine(
                    min(day + datetime.timedelta(days=rng.randrange(30)), today),
                    datetime.time(rng.randrange(24), rng.randrange(60), rng.randrange(60)),
                ),
                datetime.UTC,
            )
            review = rng.choices(
                [
                    ReviewStatus.PUBLISHED,
                    ReviewStatus.DRAFT,
                    ReviewStatus.IN_REVIEW,
                    ReviewStatus.RETRACTED,
                ],
                weights=[85, 7, 6, 2],
            )[0]
            incidents.append(
                Incident(
                    summary=(
                        f"{sub}: {perpetrator} near {place.name} ({place.admin1_name}), "
                        f"{deaths if deaths is not None else 'unknown number of'} killed."
                    ),
                    notes=rng.choice(["", "", "Toll from local sources.", "Army communiqué."]),
                    date_start=day,
                    event_type=event_type,
                    sub_event_type=sub,
                    primary_location_id=place.id,
                    country=place.country_code,
                    admin1=place.admin1_name,
                    fatalities_low=deaths,
                    fatalities_best=deaths,
                    fatalities_high=None if deaths is None else deaths + rng.randrange(3),
                    civilian_targeting=civilian,
                    claim_status=claim_status,
                    review_status=review,
                    published_at=updated if review == ReviewStatus.PUBLISHED else None,
                    tlp=rng.choices([TLP.CLEAR, TLP.GREEN, TLP.AMBER], weights=[80, 15, 5])[0],
                    created_at=updated,
                    updated_at=updated,
                )
            )
            plans.append((place, perpetrator, claim_status, civilian, day))
        Incident.objects.bulk_create(incidents, batch_size=len(incidents))

        links, actor_links, claims_, tag_links = [], [], [], []
        tag_through = Incident.tags.through
        for incident, (place, perpetrator, claim_status, civilian, day) in zip(
            incidents, plans, strict=True
        ):
            links.append(
                IncidentLocation(incident_id=incident.id, location_id=place.id, is_primary=True)
            )
            if rng.random() < 0.1:
                other = rng.choice(places)
                if other.id != place.id:
                    links.append(
                        IncidentLocation(
                            incident_id=incident.id, location_id=other.id, geo_precision=2
                        )
                    )
            role = (
                IncidentActor.Role.PERPETRATOR
                if claim_status in (ClaimStatus.CLAIMED, ClaimStatus.ATTRIBUTED)
                else IncidentActor.Role.SUSPECTED
            )
            actor_links.append(
                IncidentActor(incident_id=incident.id, actor_id=actors[perpetrator].id, role=role)
            )
            country = place.country_code if place.country_code in STATE else "ML"
            target = CIVILIANS[country] if civilian else STATE[country]
            actor_links.append(
                IncidentActor(
                    incident_id=incident.id,
                    actor_id=actors[target].id,
                    role=IncidentActor.Role.TARGET,
                )
            )
            if claim_status == ClaimStatus.CLAIMED:
                actor_links.append(
                    IncidentActor(
                        incident_id=incident.id,
                        actor_id=actors[perpetrator].id,
                        role=IncidentActor.Role.CLAIMANT,
                    )
                )
                claims_.append(
                    ClaimEvent(
                        incident_id=incident.id,
                        actor_id=actors[perpetrator].id,
                        kind=ClaimEvent.Kind.CLAIM,
                        date=day,
                        channel="az-Zallaqa" if perpetrator == "JNIM" else "Amaq",
                    )
                )
            elif claim_status == ClaimStatus.ATTRIBUTED:
                claims_.append(
                    ClaimEvent(
                        incident_id=incident.id,
                        actor_id=actors[perpetrator].id,
                        kind=ClaimEvent.Kind.ATTRIBUTION,
                        date=day,
                        made_by="army statement",
                    )
                )
            if rng.random() < 0.3:
                tag_links.append(tag_through(incident_id=incident.id, tag_id=rng.choice(tags).id))
        IncidentLocation.objects.bulk_create(links, batch_size=len(links))
        IncidentActor.objects.bulk_create(actor_links, batch_size=len(actor_links))
        ClaimEvent.objects.bulk_create(claims_, batch_size=max(len(claims_), 1))
        tag_through.objects.bulk_create(tag_links, batch_size=max(len(tag_links), 1))


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n").split("\t")


def load_places(gazetteer: Path) -> int:
    """Populated places (GeoNames class P) of the Sahel countries, with admin1/admin2 names."""
    admin1 = {row[0]: row[1] for row in _read_tsv(gazetteer / "admin1CodesASCII.txt")}
    admin2_path = gazetteer / "admin2Codes_sahel.txt"
    admin2 = {row[0]: row[1] for row in _read_tsv(admin2_path)} if admin2_path.exists() else {}
    rows = []
    for country in SAHEL:
        for row in _read_tsv(gazetteer / f"{country}.txt"):
            if len(row) < 19 or row[6] != "P":
                continue
            rows.append(
                Location(
                    geonames_id=int(row[0]),
                    name=row[1][:200],
                    ascii_name=row[2][:200],
                    kind=Location.Kind.PLACE,
                    country_code=row[8],
                    admin1_code=row[10],
                    admin1_name=admin1.get(f"{row[8]}.{row[10]}", ""),
                    admin2_code=row[11],
                    admin2_name=admin2.get(f"{row[8]}.{row[10]}.{row[11]}", ""),
                    feature_class=row[6],
                    feature_code=row[7],
                    latitude=float(row[4]),
                    longitude=float(row[5]),
                    population=int(row[14] or 0),
                )
            )
    Location.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)

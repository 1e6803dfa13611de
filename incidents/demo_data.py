"""Reference and demo data: Sahel actors, the ML/BF/NE gazetteer, the AFP example and its incidents.

Everything is keyed on natural keys (actor name, GeoNames id, article text hash, the demo
article + incident date), and rows are written only when missing or different, so running
`load_demo` again changes nothing — not even a history row.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from incidents.gazetteer_import import ImportStats, import_geonames
from incidents.models import (
    Actor,
    ActorAlias,
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentSource,
    Location,
    LocationName,
)
from incidents.models.incidents import DatePrecision, GeoPrecision, ReviewStatus
from sources.models import Article, Outlet, Reliability, text_sha256
from vocabulary.textmeta import read_publication_header

DEMO_DIR = Path(__file__).resolve().parent / "demo"
GEONAMES_DIR = DEMO_DIR / "geonames"
DEMO_COUNTRIES = ("ML", "BF", "NE")
EXAMPLE_FILE = DEMO_DIR / "kayes-attacks-2025-07-01.en.txt"

MALI_ARMY = "Military Forces of Mali (2021-)"
UNIDENTIFIED_MALI = "Unidentified Armed Group (Mali)"
JNIM = "JNIM: Group for Support of Islam and Muslims"


@dataclass
class DemoReport:
    actors_created: int = 0
    actors_updated: int = 0
    aliases_created: int = 0
    gazetteer: ImportStats | None = None
    names_created: int = 0
    article_created: bool = False
    incidents_created: int = 0

    def lines(self) -> list[str]:
        return [
            f"Actors: {self.actors_created} created, {self.actors_updated} updated, "
            f"{self.aliases_created} aliases added",
            f"Gazetteer: {self.gazetteer}; {self.names_created} curated names added",
            f"Example article: {'created' if self.article_created else 'already there'}",
            f"Reference incidents: {self.incidents_created} created",
        ]


def _sync_fields(obj: Any, values: dict[str, Any]) -> bool:
    """Set the fields that differ and save only if something changed (no empty history rows)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


# --- actors -------------------------------------------------------------------------------


def load_actors(path: Path = DEMO_DIR / "actors.json") -> tuple[int, int, int]:
    """Actors and their aliases; the file is authoritative for the fields it lists.

    Aliases are only added: analysts' own aliases are never removed by a reload.
    """
    entries = json.loads(path.read_text(encoding="utf-8"))
    by_name = {a.name: a for a in Actor.objects.filter(name__in=[e["name"] for e in entries])}
    created = updated = 0
    new_names: set[str] = set()
    for entry in entries:
        values = {
            "short_name": entry.get("short_name", ""),
            "actor_type": entry["actor_type"],
            "country": entry.get("country") or "",
        }
        actor = by_name.get(entry["name"])
        if actor is None:
            by_name[entry["name"]] = Actor.objects.create(name=entry["name"], **values)
            new_names.add(entry["name"])
            created += 1
        elif _sync_fields(actor, values):
            updated += 1
    # Affiliations once every actor exists (JNIM -> Al Qaeda may come in any order).
    for entry in entries:
        parent_name = entry.get("affiliation")
        parent = by_name.get(parent_name) if parent_name else None
        if parent_name and parent is None:
            parent = Actor.objects.filter(name=parent_name).first()
        actor = by_name[entry["name"]]
        changed = _sync_fields(actor, {"affiliation": parent})
        if changed and entry["name"] not in new_names:
            updated += 1
    known = set(ActorAlias.objects.values_list("actor_id", "alias"))
    new_aliases = []
    for entry in entries:
        actor = by_name[entry["name"]]
        for alias, language in entry.get("aliases", []):
            if (actor.pk, alias) not in known:
                known.add((actor.pk, alias))
                new_aliases.append(ActorAlias(actor=actor, alias=alias, language=language))
    ActorAlias.objects.bulk_create(new_aliases)
    return created, updated, len(new_aliases)


# --- gazetteer ----------------------------------------------------------------------------


def load_gazetteer() -> ImportStats:
    return import_geonames(
        sorted(GEONAMES_DIR.glob("*.txt.gz")),
        admin1_path=GEONAMES_DIR / "admin1CodesASCII.txt",
        admin2_path=GEONAMES_DIR / "admin2Codes.txt",
        country_info_path=GEONAMES_DIR / "countryInfo.txt",
        countries=DEMO_COUNTRIES,
    )


def load_place_names(path: Path = DEMO_DIR / "place_names.json") -> int:
    """Curated English and French names (GeoNames' alternate names carry no language)."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    pks = dict(
        Location.objects.filter(geonames_id__in=[e["geonames_id"] for e in entries]).values_list(
            "geonames_id", "pk"
        )
    )
    known = set(
        LocationName.objects.filter(location_id__in=pks.values()).values_list(
            "location_id", "name", "language"
        )
    )
    new = [
        LocationName(location_id=pks[e["geonames_id"]], name=name, language=language)
        for e in entries
        if e["geonames_id"] in pks
        for name, language in e["names"]
        if (pks[e["geonames_id"]], name, language) not in known
    ]
    LocationName.objects.bulk_create(new)
    return len(new)


# --- the example article and its three incidents --------------------------------------------


def load_article() -> tuple[Article, bool]:
    published, body = read_publication_header(EXAMPLE_FILE.read_text(encoding="utf-8"))
    body = body.strip()
    outlet, _ = Outlet.objects.get_or_create(
        name="AFP",
        defaults={
            "url": "https://www.afp.com/",
            "country": "FR",
            "language": "en",
            "reliability": Reliability.B,
        },
    )
    article = Article.objects.filter(text_hash=text_sha256(body)).first()
    if article is not None:
        return article, False
    article = Article.objects.create(
        outlet=outlet,
        title="Jihadists suspected in coordinated attacks on towns in western Mali",
        published_at=datetime.datetime.combine(published, datetime.time(), tzinfo=datetime.UTC)
        if published
        else None,
        language="en",
        text=body,
    )
    return article, True


# The reference table of ../shared/examples/README.md. Quotes are exact passages of the article.
REFERENCE_INCIDENTS: list[dict[str, Any]] = [
    {
        "date_start": datetime.date(2025, 7, 1),
        "summary": (
            "Suspected jihadists attacked military positions in several towns of the Kayes region "
            "in western Mali early on Tuesday, among them Kayes (the governor's residence and a "
            "camp), Nioro du Sahel, Sandaré, Gogui and Diboli; the army said seven positions were "
            "targeted. JNIM is suspected; no group has claimed responsibility."
        ),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "claim_status": "unclaimed",
        "fatalities": (None, None, None),
        "notes": (
            "The explosion at the governor's residence may be coded separately as "
            "Explosions/Remote violence. Sources: Malian army statement, residents, a local "
            "politician (Facebook), a military source. No death toll was given."
        ),
        "locations": [
            (2455518, GeoPrecision.EXACT, "governor's residence, a military camp"),
            (2452651, GeoPrecision.EXACT, "Nioro du Sahel"),
            (2451711, GeoPrecision.EXACT, ""),
            (2457077, GeoPrecision.EXACT, ""),
            (2458925, GeoPrecision.EXACT, "on the border with Senegal"),
        ],
        "actors": [
            (UNIDENTIFIED_MALI, IncidentActor.Role.PERPETRATOR, "suspected jihadists"),
            (JNIM, IncidentActor.Role.SUSPECTED, "bore the hallmarks of JNIM"),
            (MALI_ARMY, IncidentActor.Role.TARGET, "seven military positions"),
        ],
        "claim_events": [
            {
                "kind": ClaimEvent.Kind.SUSPICION,
                "actor": JNIM,
                "date": datetime.date(2025, 7, 1),
                "made_by": "AFP",
                "quote": "Although Tuesday’s attacks bore the hallmarks of jihadists from the "
                "Al-Qaeda-linked Group for the Support of Islam and Muslims (JNIM), no group has "
                "so far claimed responsibility.",
            }
        ],
        "quotes": [
            "Suspected jihadists attacked military installations in several towns in western "
            "Mali early Tuesday, the military and residents said",
            "Mali’s army said in a statement that seven of its positions in the west had been "
            "targeted in “coordinated attacks carried out very early this morning”. No death "
            "toll was given.",
            "the towns of Nioro, Sandare and Gogui had been targeted",
            "All seven of the towns named by the military are in western Mali, with one, Diboli, "
            "directly on the border with Senegal.",
        ],
    },
    {
        "date_start": datetime.date(2025, 6, 2),
        "summary": (
            "A coordinated assault by jihadists targeted an army camp in Timbuktu (Tombouctou) and "
            "the city's airport. Claimed by jihadists (group not named in the source)."
        ),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "claim_status": "claimed",
        "fatalities": (None, None, None),
        "notes": "",
        "locations": [
            (2449067, GeoPrecision.EXACT, "army camp"),
            (6297182, GeoPrecision.EXACT, "airport"),
        ],
        "actors": [
            (UNIDENTIFIED_MALI, IncidentActor.Role.PERPETRATOR, "jihadists"),
            (MALI_ARMY, IncidentActor.Role.TARGET, "army camp"),
        ],
        "claim_events": [
            {
                "kind": ClaimEvent.Kind.CLAIM,
                "actor": None,
                "date": None,
                "made_by": "",
                "quote": "The assaults come on the heels of two major attacks claimed by "
                "jihadists within the last month.",
            }
        ],
        "quotes": [
            "On June 2, a coordinated assault targeted an army camp in the ancient city of "
            "Timbuktu in Mali’s north, as well as its airport.",
        ],
    },
    {
        "date_start": datetime.date(2025, 6, 1),
        "summary": (
            "A raid by jihadists killed at least 30 soldiers in the centre of Mali, a day before "
            "the Timbuktu attack. Claimed by jihadists (group not named in the source)."
        ),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "claim_status": "claimed",
        "fatalities": (30, 30, None),
        # "The centre of the country" names no place. In Malian usage the centre is the Mopti
        # and Ségou regions; we record the Mopti region (where other reporting places the
        # 1 June raid) with region-only precision (3), which is all this article supports.
        "notes": (
            'Place: the article says only "the centre of the country"; recorded as the Mopti '
            "region with region-level precision (3)."
        ),
        "locations": [(2453347, GeoPrecision.REGION, "the centre of the country")],
        "actors": [
            (UNIDENTIFIED_MALI, IncidentActor.Role.PERPETRATOR, "jihadists"),
            (MALI_ARMY, IncidentActor.Role.TARGET, "at least 30 soldiers killed"),
        ],
        "claim_events": [
            {
                "kind": ClaimEvent.Kind.CLAIM,
                "actor": None,
                "date": None,
                "made_by": "",
                "quote": "The assaults come on the heels of two major attacks claimed by "
                "jihadists within the last month.",
            }
        ],
        "quotes": [
            "That attack came a day after a bloody raid killed at least 30 soldiers in the "
            "centre of the country.",
        ],
    },
]


def _create_incident(spec: dict[str, Any], article: Article) -> None:
    for quote in [*spec["quotes"], *(c["quote"] for c in spec["claim_events"])]:
        if quote not in article.text:
            raise ValueError(f"Demo quote not found in the example article: {quote[:60]}…")
    low, best, high = spec["fatalities"]
    now = timezone.now()
    incident = Incident.objects.create(
        summary=spec["summary"],
        date_start=spec["date_start"],
        date_precision=DatePrecision.DAY,
        event_type=spec["event_type"],
        sub_event_type=spec["sub_event_type"],
        claim_status=spec["claim_status"],
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
        notes=spec["notes"],
        review_status=ReviewStatus.PUBLISHED,
        published_at=now,
    )
    locations = {
        loc.geonames_id: loc
        for loc in Location.objects.filter(geonames_id__in=[g for g, _, _ in spec["locations"]])
    }
    IncidentLocation.objects.bulk_create(
        IncidentLocation(
            incident=incident,
            location=locations[gid],
            is_primary=index == 0,
            geo_precision=precision,
            note=note,
        )
        for index, (gid, precision, note) in enumerate(spec["locations"])
    )
    actors = {a.name: a for a in Actor.objects.all()}
    for name, role, note in spec["actors"]:
        IncidentActor.objects.create(incident=incident, actor=actors[name], role=role, note=note)
    for event in spec["claim_events"]:
        ClaimEvent.objects.create(
            incident=incident,
            actor=actors[event["actor"]] if event["actor"] else None,
            kind=event["kind"],
            date=event["date"],
            made_by=event["made_by"],
            source_article=article,
            quote=event["quote"],
        )
    IncidentSource.objects.create(
        incident=incident, article=article, quote="\n\n".join(spec["quotes"])
    )
    incident.refresh_place_fields()


def load_incidents(article: Article) -> int:
    existing_dates = set(
        Incident.objects.filter(sources__article=article).values_list("date_start", flat=True)
    )
    created = 0
    for spec in REFERENCE_INCIDENTS:
        if spec["date_start"] not in existing_dates:
            _create_incident(spec, article)
            created += 1
    return created


def load_demo(*, reference_only: bool = False) -> DemoReport:
    """Everything `make run` needs; safe to run again (nothing changes the second time).

    With `reference_only`, only the actors and the gazetteer: what a real desk starts from,
    without the example article and its incidents.
    """
    report = DemoReport()
    with transaction.atomic():
        report.actors_created, report.actors_updated, report.aliases_created = load_actors()
        report.gazetteer = load_gazetteer()
        report.names_created = load_place_names()
        if not reference_only:
            article, report.article_created = load_article()
            report.incidents_created = load_incidents(article)
    return report

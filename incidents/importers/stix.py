"""Import STIX 2.1 bundles from partners: each `report` with its locations and actors becomes a
draft incident with its sources and marking (`python manage.py import_stix FILE`, an ImportJob
of kind `stix` run by `job_runner`).

- **Idempotent by STIX id**: the report's id is kept as an `IncidentReference` (dataset `stix`).
  A report already imported is left alone unless the bundle carries a newer version (`modified`)
  and the incident is still a draft, which is then brought up to date; a re-run changes nothing.
- **Per-object errors**: every malformed object (not an object, no type or id, a report without
  `published` or `object_refs`, a location without coordinates or country, a reference to an
  object the bundle lacks…) is one failed item of the job, named by its position and id; the
  good reports are imported all the same. A file that is not a JSON bundle fails the job whole.
- **What is read**: the desk's own fields where a desk wrote them (`x_idesk_incident`, see
  `exports.stix`), else what STIX says: `description` (or `name`) as the summary, `published` as
  the date, locations by name and country (matched in the gazetteer within 0.1°, else added),
  actors from the report's relationships (`attributed-to` → perpetrator, `targets` → target),
  matched by name or alias, else added with their aliases; sources from `external_references`
  (outlet and URL, a stub article per URL); the TLP marking (2.0 or 1.0) as the record's.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime

from analysts.markings import TLP, TLP_RANK
from incidents.exports.stix import CUSTOM, TLP_BY_MARKING_ID
from incidents.extraction.taxonomy import ACTOR_TYPES, EVENT_TYPES
from incidents.models import (
    Actor,
    ActorAlias,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentReference,
    IncidentSource,
    Location,
    Tag,
)
from incidents.models.incidents import ClaimStatus, DatePrecision, ReviewStatus
from sources.jobs import MAX_JOB_ERRORS, ItemError, ItemResult, JobError, JobRun
from sources.models import Article, ImportItem, Outlet, text_sha256

ID_PATTERN = re.compile(r"^([a-z][a-z0-9-]+[a-z0-9])--[0-9a-fA-F-]{36}$")
ACTOR_KINDS = frozenset({"intrusion-set", "identity", "threat-actor", "campaign"})
ROLE_BY_RELATIONSHIP = {"attributed-to": "perpetrator", "targets": "target"}
REQUIRED = {
    "report": ("name", "published", "object_refs"),
    "location": (),
    "relationship": ("relationship_type", "source_ref", "target_ref"),
    "intrusion-set": ("name",),
    "identity": ("name",),
    "threat-actor": ("name",),
}
# Unmarked reports: TLP:GREEN, shared with the community but not published to the world.
DEFAULT_TLP = TLP.GREEN


@dataclass
class Bundle:
    objects: dict[str, dict]
    reports: list[tuple[int, dict]]
    errors: list[tuple[str, str]]  # (label, message) of each malformed object


def _label(index: int, obj: object) -> str:
    object_id = obj.get("id") if isinstance(obj, dict) else None
    return f"object #{index + 1}" + (f" ({object_id})" if isinstance(object_id, str) else "")


def object_problem(obj: object) -> str | None:
    """What is wrong with one object on its own, or None."""
    if not isinstance(obj, dict):
        return "not a JSON object"
    kind, object_id = obj.get("type"), obj.get("id")
    if not isinstance(kind, str) or not kind:
        return "no type"
    match = ID_PATTERN.match(object_id) if isinstance(object_id, str) else None
    if not match or match.group(1) != kind:
        return f"the id {object_id!r} is not of the form {kind}--<UUID>"
    missing = [name for name in REQUIRED.get(kind, ()) if obj.get(name) in (None, "", [])]
    if missing:
        return f"{kind} without {', '.join(missing)}"
    if kind == "report":
        if not isinstance(obj["object_refs"], list):
            return "object_refs is not a list"
        if _when(obj["published"]) is None:
            return f"published {obj['published']!r} is not a STIX timestamp"
    if kind == "location":
        lat, lon = obj.get("latitude"), obj.get("longitude")
        if (lat is None) != (lon is None):
            return "a location needs both latitude and longitude, or neither"
        if lat is not None and not (
            isinstance(lat, int | float) and isinstance(lon, int | float)
            and -90 <= lat <= 90 and -180 <= lon <= 180
        ):  # fmt: skip
            return f"coordinates out of range: {lat}, {lon}"
        if lat is None and not obj.get("country") and not obj.get("region"):
            return "a location needs coordinates, a country or a region"
        if not obj.get("name") and lat is None:
            return "a location without a name needs coordinates"
    return None


def read_bundle(data: bytes) -> Bundle:
    """The bundle's objects by id, its reports, and the malformed objects; JobError when the
    file is not a STIX bundle at all."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise JobError("The file is not UTF-8 text: a STIX bundle is JSON.") from None
    except json.JSONDecodeError as exc:
        raise JobError(f"The file is not JSON (line {exc.lineno}, column {exc.colno}).") from None
    if not isinstance(document, dict) or document.get("type") != "bundle":
        raise JobError('The file is not a STIX bundle (no "type": "bundle" at the top).')
    objects = document.get("objects")
    if not isinstance(objects, list):
        raise JobError('The bundle has no "objects" list.')
    if len(objects) > settings.IMPORT_MAX_STIX_OBJECTS:
        raise JobError(
            f"The bundle holds {len(objects):,} objects, more than IMPORT_MAX_STIX_OBJECTS "
            f"({settings.IMPORT_MAX_STIX_OBJECTS:,}); nothing was imported."
        )
    bundle = Bundle({}, [], [])
    for index, obj in enumerate(objects):
        problem = object_problem(obj)
        known = bundle.objects.get(obj["id"]) if problem is None else None
        if known is not None and obj.get("modified", "") <= known.get("modified", ""):
            continue  # an older version of an object already read: STIX keeps the newest
        if problem:
            bundle.errors.append((_label(index, obj), problem))
            continue
        bundle.objects[obj["id"]] = obj
    for index, obj in enumerate(objects):
        if (
            isinstance(obj, dict)
            and obj.get("type") == "report"
            and bundle.objects.get(obj.get("id")) is obj
        ):
            bundle.reports.append((index, obj))
    return bundle


def _when(value: object) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed


def _tlp(obj: dict) -> str:
    levels = [
        TLP_BY_MARKING_ID[ref]
        for ref in obj.get("object_marking_refs", [])
        if ref in TLP_BY_MARKING_ID
    ]
    return max(levels, key=lambda level: TLP_RANK[TLP(level)]) if levels else DEFAULT_TLP


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


@dataclass
class ImportContext:
    bundle: Bundle
    user: object | None
    team_id: int | None


def _incident_fields(report: dict, bundle: Bundle) -> dict:
    """The incident's own columns, from the desk's fields if present, else from STIX's."""
    custom = report.get(CUSTOM) if isinstance(report.get(CUSTOM), dict) else {}
    published = _when(report["published"])
    date_start = parse_date(str(custom.get("date_start") or "")) or published.date()
    date_end = parse_date(str(custom.get("date_end") or "")) if custom.get("date_end") else None
    event_type = custom.get("event_type")
    if event_type not in EVENT_TYPES:
        raise ItemError(
            f"{report['id']}: no event type the desk knows (x_idesk_incident.event_type "
            f"{event_type!r}; one of {', '.join(EVENT_TYPES)})."
        )
    sub_event_type = custom.get("sub_event_type") or ""
    if sub_event_type and sub_event_type not in EVENT_TYPES[event_type]:
        raise ItemError(f"{report['id']}: {sub_event_type!r} is not a kind of {event_type}.")
    claim_status = custom.get("claim_status")
    return {
        "summary": (report.get("description") or report["name"])[:20000],
        "date_start": date_start,
        "date_end": date_end if date_end and date_end != date_start else None,
        "date_precision": custom.get("date_precision")
        if custom.get("date_precision") in DatePrecision.values
        else DatePrecision.DAY,
        "disorder_type": custom.get("disorder_type") or "Political violence",
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "country": str(custom.get("country") or "")[:2],
        "admin1": str(custom.get("admin1") or "")[:200],
        "fatalities_low": _int(custom.get("fatalities_low")),
        "fatalities_best": _int(custom.get("fatalities_best")),
        "fatalities_high": _int(custom.get("fatalities_high")),
        "fatalities_claimed": _int(custom.get("fatalities_claimed")),
        "civilian_targeting": bool(custom.get("civilian_targeting")),
        "claim_status": claim_status if claim_status in ClaimStatus.values else ClaimStatus.UNKNOWN,
        "tlp": _tlp(report),
    }


def _place(obj: dict) -> Location:
    """The gazetteer entry of a STIX location: same name (or ASCII name) and country, within
    0.1° when both have coordinates; else a new place."""
    name = (obj.get("name") or f"{obj.get('latitude')}, {obj.get('longitude')}")[:200]
    country = str(obj.get("country") or "")[:2].upper()
    lat, lon = obj.get("latitude"), obj.get("longitude")
    candidates = Location.objects.filter(Q(name=name) | Q(ascii_name=name), country_code=country)
    for location in candidates.order_by("id")[:50]:
        if lat is None or location.latitude is None:
            return location
        if abs(location.latitude - lat) < 0.1 and abs(location.longitude - lon) < 0.1:
            return location
    return Location.objects.create(
        name=name,
        ascii_name=name,
        kind=Location.Kind.PLACE,
        country_code=country,
        admin1_name=str(obj.get("administrative_area") or "")[:200],
        admin2_name=str(obj.get("x_idesk_admin2") or "")[:200],
        latitude=lat,
        longitude=lon,
    )


def _actor(obj: dict) -> Actor:
    names = [obj["name"], *(obj.get("aliases") or []), *(obj.get("x_idesk_aliases") or [])]
    names = [str(n)[:200] for n in dict.fromkeys(names) if n]
    found = Actor.objects.filter(name=names[0]).first()
    if found is None:
        alias = ActorAlias.objects.filter(alias__in=names).select_related("actor").first()
        found = alias.actor if alias else None
    if found is not None:
        return found
    actor_type = obj.get("x_idesk_actor_type")
    if actor_type not in ACTOR_TYPES:
        actor_type = 2 if obj["type"] in {"intrusion-set", "threat-actor"} else 8
    actor = Actor.objects.create(
        name=names[0],
        short_name=str(obj.get("x_idesk_short_name") or "")[:60],
        actor_type=actor_type,
    )
    ActorAlias.objects.bulk_create(
        [ActorAlias(actor=actor, alias=alias) for alias in names[1:] if alias != actor.short_name]
    )
    return actor


def _referenced(bundle: Bundle, report: dict, ref: str) -> dict:
    obj = bundle.objects.get(ref)
    if obj is None:
        raise ItemError(
            f"{report['id']}: refers to {ref}, which the bundle does not hold (or holds malformed)."
        )
    return obj


def _article(reference: dict, tlp: str, team_id: int | None, user) -> Article | None:
    url = reference.get("url") or ""
    outlet_name = str(reference.get("source_name") or "")[:200]
    title = str(reference.get("description") or "")[:500]
    if url:
        found = Article.objects.filter(url=url).first()
        if found:
            return found
    outlet = Outlet.objects.get_or_create(name=outlet_name)[0] if outlet_name else None
    # A stub: the partner's citation, not the story's text (which the bundle does not carry);
    # the same citation in several reports (one story, several incidents) is one article.
    text = f"{outlet_name}: {title or url}".strip(": ")
    same = Article.objects.filter(text_hash=text_sha256(text)).first()
    if same is not None:
        return same
    article = Article(
        url=url[:2000],
        outlet=outlet,
        title=title,
        text=text,
        tlp=tlp,
        team_id=team_id,
        added_by=user,
    )
    article.save()  # no `article_stored` signal: there is no text to extract from
    return article


def store_report(report: dict, context: ImportContext) -> ItemResult:
    """One report → one draft incident (inside the job item's transaction)."""
    bundle = context.bundle
    modified = _when(report.get("modified")) or _when(report["published"])
    reference = (
        IncidentReference.objects.filter(
            dataset=IncidentReference.Dataset.STIX, external_id=report["id"]
        )
        .select_related("incident")
        .first()
    )
    if reference is not None:
        current = reference.last_modified and modified and reference.last_modified >= modified
        if current or reference.incident.review_status != ReviewStatus.DRAFT:
            why = (
                "already imported" if current else "already imported and reviewed since: left as is"
            )
            return ItemResult(ImportItem.Outcome.DUPLICATE, message=f"{report['id']}: {why}.")
    fields = _incident_fields(report, bundle)
    # Resolve every reference first: a report naming a missing object fails before writing.
    places = _places(report, bundle)
    actors = _actor_links(report, bundle)
    if reference is None:
        incident = Incident(
            **fields,
            review_status=ReviewStatus.DRAFT,
            team_id=context.team_id,
            created_by=context.user,
        )
        outcome = ImportItem.Outcome.CREATED
    else:
        incident = reference.incident
        for name, value in fields.items():
            setattr(incident, name, value)
        outcome = ImportItem.Outcome.UPDATED
    incident._history_user = context.user
    incident._change_reason = f"Imported from STIX {report['id']}"
    incident.save()
    if outcome == ImportItem.Outcome.UPDATED:
        incident.incident_locations.all().delete()
        incident.incident_actors.all().delete()
    primary = None
    for n, (obj, entry) in enumerate(places):
        location = _place(obj)
        is_primary = bool(entry.get("is_primary")) if entry else n == 0
        if is_primary and primary is not None:
            is_primary = False
        link, _ = IncidentLocation.objects.get_or_create(
            incident=incident,
            location=location,
            defaults={
                "is_primary": is_primary,
                "geo_precision": entry.get("geo_precision")
                if entry and entry.get("geo_precision") in (1, 2, 3)
                else 1,
                "note": str((entry or {}).get("note") or "")[:300],
            },
        )
        if link.is_primary:
            primary = link
    if primary is None and places:
        primary = incident.incident_locations.order_by("id").first()
        primary.is_primary = True
        primary.save(update_fields=["is_primary"])
    if primary is not None:
        incident.primary_location = primary.location
        incident.geo_precision = primary.geo_precision
        incident.country = incident.country or primary.location.country_code
        incident.admin1 = incident.admin1 or primary.location.admin1_name
        Incident.objects.filter(pk=incident.pk).update(
            primary_location=primary.location,
            geo_precision=primary.geo_precision,
            country=incident.country,
            admin1=incident.admin1,
        )
    for obj, relationship in actors:
        role = relationship.get("x_idesk_role")
        if role not in IncidentActor.Role.values:
            role = ROLE_BY_RELATIONSHIP.get(relationship["relationship_type"], "associated")
        group = relationship.get("x_idesk_alternative_group")
        IncidentActor.objects.get_or_create(
            incident=incident,
            actor=_actor(obj),
            role=role,
            defaults={
                "alternative_group": group if isinstance(group, int) and group > 0 else None,
                "note": str(relationship.get("x_idesk_note") or "")[:300],
            },
        )
    _sources(incident, report, context)
    custom = report.get(CUSTOM) if isinstance(report.get(CUSTOM), dict) else {}
    tags = [str(t)[:60] for t in custom.get("tags") or [] if t]
    incident.tags.set([Tag.objects.get_or_create(name=t)[0] for t in tags])
    IncidentReference.objects.update_or_create(
        dataset=IncidentReference.Dataset.STIX,
        external_id=report["id"],
        defaults={
            "incident": incident,
            "last_modified": modified,
            "data": {"name": report["name"]},
        },
    )
    return ItemResult(outcome, message=f"{report['id']} → incident #{incident.pk}")


def _places(report: dict, bundle: Bundle) -> list[tuple[dict, dict | None]]:
    custom = report.get(CUSTOM) if isinstance(report.get(CUSTOM), dict) else {}
    entries = {e.get("location_ref"): e for e in custom.get("places") or [] if isinstance(e, dict)}
    found = []
    for ref in report["object_refs"]:
        if isinstance(ref, str) and ref.startswith("location--"):
            found.append((_referenced(bundle, report, ref), entries.get(ref)))
    return found


def _actor_links(report: dict, bundle: Bundle) -> list[tuple[dict, dict]]:
    """(actor object, relationship) of each relationship from the report to an actor, whether
    the report lists the relationship in `object_refs` or the bundle only holds it."""
    links = []
    for obj in bundle.objects.values():
        if obj["type"] == "relationship" and obj["source_ref"] == report["id"]:
            target = _referenced(bundle, report, obj["target_ref"])
            if target["type"] in ACTOR_KINDS:
                links.append((target, obj))
    for ref in report["object_refs"]:
        if isinstance(ref, str) and ref.startswith("relationship--"):
            _referenced(bundle, report, ref)
    return links


def _sources(incident: Incident, report: dict, context: ImportContext) -> None:
    for reference in report.get("external_references") or []:
        if not isinstance(reference, dict) or not reference.get("source_name"):
            continue
        if reference.get("external_id") and not reference.get("url"):
            continue  # an id in another system (the exporting desk's, ACLED's), not a source
        article = _article(reference, incident.tlp, context.team_id, context.user)
        IncidentSource.objects.get_or_create(
            incident=incident, article=article, defaults={"added_by": context.user}
        )


def job_runner(run: JobRun) -> None:
    """`sources.jobs` runner for ImportJobs of kind `stix` (registered in apps.py): one item per
    malformed object (failed) and one per report."""
    job = run.job
    limit = settings.IMPORT_MAX_STIX_BYTES
    try:
        if job.upload:
            with job.upload.open("rb") as handle:
                data = handle.read(limit + 1)
        else:
            with open(job.params["path"], "rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise JobError(f"The bundle cannot be read: {exc}.") from None
    if len(data) > limit:
        raise JobError(f"The bundle is larger than IMPORT_MAX_STIX_BYTES ({limit:,} bytes).")
    bundle = read_bundle(data)
    if not bundle.reports and not bundle.errors:
        raise JobError("The bundle holds no report: nothing to import.")
    run.set_total(len(bundle.reports) + len(bundle.errors))
    context = ImportContext(bundle, job.created_by, job.params.get("team"))
    for label, problem in bundle.errors[:MAX_JOB_ERRORS]:
        run.item(f"object:{label}", label, lambda p=problem: _fail(p), lambda _: None)
    for index, report in bundle.reports:
        run.item(
            f"{report['id']}@{report.get('modified', '')}",
            _label(index, report),
            lambda report=report: report,
            lambda prepared: store_report(prepared, context),
        )
    run.note(_summary(run))


def _fail(problem: str):
    raise ItemError(problem)


def _summary(run: JobRun) -> str:
    job = type(run.job).objects.get(pk=run.job.pk)
    return (
        f"{job.items_created} incidents created (drafts), {job.items_updated} updated, "
        f"{job.items_duplicate} already imported, {job.items_failed} objects rejected."
    )

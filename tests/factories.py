"""factory-boy factories for every model; tests build what they need from these."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from analysts.models import Team, User
from incidents.models import (
    Actor,
    ActorAlias,
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentSource,
    Location,
    Suggestion,
    Tag,
)
from sources.models import Article, Feed, ImportJob, Outlet


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    reliability = "B"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Attack report {n}")
    text = factory.Sequence(lambda n: f"Gunmen attacked a village in central Mali, report {n}.")
    language = "en"
    published_at = factory.LazyFunction(timezone.now)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Village {n}")
    ascii_name = factory.LazyAttribute(lambda loc: loc.name)
    kind = Location.Kind.PLACE
    country_code = "ML"
    admin1_name = "Mopti"
    latitude = 14.5
    longitude = -4.2


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Armed group {n}")
    short_name = factory.LazyAttribute(lambda a: a.name.split(":")[0])
    actor_type = 2
    country = "ML"


class ActorAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorAlias

    actor = factory.SubFactory(ActorFactory)
    alias = factory.Sequence(lambda n: f"Alias {n}")
    language = "en"


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    summary = factory.Sequence(lambda n: f"Armed men attacked an army post (incident {n}).")
    date_start = datetime.date(2025, 7, 1)
    event_type = "Battles"
    sub_event_type = "Armed clash"
    country = "ML"
    admin1 = "Kayes"


class IncidentLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentLocation

    incident = factory.SubFactory(IncidentFactory)
    location = factory.SubFactory(LocationFactory)
    is_primary = True


class IncidentActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentActor

    incident = factory.SubFactory(IncidentFactory)
    actor = factory.SubFactory(ActorFactory)
    role = IncidentActor.Role.PERPETRATOR


class ClaimEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimEvent

    incident = factory.SubFactory(IncidentFactory)
    actor = factory.SubFactory(ActorFactory)
    kind = ClaimEvent.Kind.CLAIM
    date = datetime.date(2025, 7, 1)


class IncidentSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentSource

    incident = factory.SubFactory(IncidentFactory)
    article = factory.SubFactory(ArticleFactory)
    quote = "Suspected jihadists attacked military installations."


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"tag {n}")


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    url = factory.Sequence(lambda n: f"https://news.example.org/feed/{n}.xml")
    outlet = factory.SubFactory(OutletFactory)


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A proposed incident in the engine's JSON shape (see `manage.py extract --json`)."""

    class Meta:
        model = Suggestion

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    # Through a lambda: suggestion_data, which desk_scene uses too, is defined just below.
    data = factory.LazyFunction(lambda: suggestion_data())


def suggestion_data(**values: object) -> dict:
    """A proposed incident in the engine's JSON shape (see `manage.py extract --json`): a battle
    in Kayes, Mali on 2025-07-01 with nothing else known; override any key."""
    data = {
        "date_start": "2025-07-01",
        "date_end": None,
        "date_precision": "day",
        "country": "ML",
        "admin1": "Kayes",
        "locations": [],
        "perpetrators": [],
        "suspected": [],
        "claimants": [],
        "targets": [],
        "claim_status": "unknown",
        "fatalities": {"low": None, "best": None, "high": None},
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "evidence": [],
    }
    data.update(values)
    return data


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    kind = ImportJob.Kind.PASTE
    params = factory.LazyFunction(lambda: {"text": "Gunmen attacked a village."})


# --- ACLED-layout rows written by the tests (the project never ships ACLED data) ---------------


def acled_row(**overrides: object) -> dict[str, str]:
    """One made-up event in ACLED's current 31-column layout; override any column."""
    row = {
        "event_id_cnty": "MLI90001",
        "event_date": "2025-07-01",
        "year": "2025",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "JNIM: Group for Support of Islam and Muslims",
        "assoc_actor_1": "",
        "inter1": "Rebel group",
        "actor2": "Military Forces of Mali (2021-)",
        "assoc_actor_2": "Africa Corps",
        "inter2": "State forces",
        "interaction": "State forces-Rebel group",
        "civilian_targeting": "",
        "iso": "466",
        "region": "Western Africa",
        "country": "Mali",
        "admin1": "Kayes",
        "admin2": "Kayes",
        "admin3": "Kayes",
        "location": "Kayes",
        "latitude": "14.4469",
        "longitude": "-11.4445",
        "geo_precision": "1",
        "source": "Test Wire; Test Radio",
        "source_scale": "National-International",
        "notes": "On 1 July 2025, militants attacked an army post in Kayes.",
        "fatalities": "12",
        "tags": "",
        "timestamp": "1751500000",
    }
    row.update({key: str(value) for key, value in overrides.items()})
    return row


def acled_csv(
    rows: list[dict[str, str]], columns: list[str] | None = None, delimiter: str = ","
) -> str:
    """The text of a CSV file holding `rows` under `columns` (ACLED's current ones by default)."""
    import csv
    import io

    from incidents.importers.acled import ACLED_COLUMNS

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    columns = columns or ACLED_COLUMNS
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()

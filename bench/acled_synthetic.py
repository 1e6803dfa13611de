"""A made-up file in ACLED's current layout (the project never ships ACLED rows).

Deterministic for a given seed: some thousands of actors and places across Sahel countries,
dates over a decade, notes of a realistic length, a share of formula-looking and quoted cells.
"""

from __future__ import annotations

import csv
import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from incidents.extraction.taxonomy import ACTOR_TYPES, EVENT_TYPES  # noqa: E402
from incidents.importers.acled import ACLED_COLUMNS  # noqa: E402

COUNTRIES = [
    ("Mali", "466", 12.6, -8.0),
    ("Burkina Faso", "854", 12.4, -1.5),
    ("Niger", "562", 13.5, 2.1),
    ("Senegal", "686", 14.7, -17.4),
    ("Mauritania", "478", 18.1, -15.9),
    ("Ivory Coast", "384", 5.3, -4.0),
    ("Guinea", "324", 9.6, -13.6),
]


def write_file(path: Path, rows: int, seed: int = 6) -> Path:
    rng = random.Random(seed)
    actors = [
        (f"Armed group {n} ({rng.choice(COUNTRIES)[0]})", rng.randint(1, 8)) for n in range(3000)
    ]
    places = []
    for n in range(5000):
        country, iso, lat, lon = rng.choice(COUNTRIES)
        places.append(
            (country, iso, f"Region {n % 40}", f"Cercle {n % 300}", f"Village {n}",
             round(lat + rng.uniform(-2, 2), 4), round(lon + rng.uniform(-2, 2), 4))
        )  # fmt: skip
    types = [(t, s) for t, subs in EVENT_TYPES.items() for s in subs]
    start = datetime.date(2015, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACLED_COLUMNS)
        for n in range(rows):
            event_type, sub = rng.choice(types)
            a1, t1 = rng.choice(actors)
            a2, t2 = rng.choice(actors) if rng.random() < 0.7 else ("", 0)
            country, iso, admin1, admin2, location, lat, lon = rng.choice(places)
            date = start + datetime.timedelta(days=rng.randrange(3650))
            fatalities = rng.choice([0, 0, 0, 1, 2, 3, 5, 12, 30])
            notes = (
                f"On {date:%d %B %Y}, {a1} attacked positions near {location} ({admin1}); "
                f'"heavy fire" was reported by residents. {fatalities} fatalities.'
            )
            if n % 50 == 0:
                notes = "=" + notes
            low, high = sorted((t1, t2))
            interaction = (
                f"{ACTOR_TYPES[t1]} only" if not t2 else f"{ACTOR_TYPES[low]}-{ACTOR_TYPES[high]}"
            )
            writer.writerow(
                [
                    f"SYN{n}", date.isoformat(), date.year, rng.choice([1, 1, 1, 2, 3]),
                    "Demonstrations" if event_type in ("Protests", "Riots") else "Political violence",
                    event_type, sub, a1, "", ACTOR_TYPES[t1], a2, "", ACTOR_TYPES.get(t2, ""),
                    interaction, "Civilian targeting" if t2 == 7 else "", iso, "Western Africa",
                    country, admin1, admin2, "", location, lat, lon, rng.choice([1, 1, 2, 3]),
                    "Test Wire; Test Radio", "National", notes, fatalities, "",
                    1700000000 + n,
                ]
            )  # fmt: skip
    return path


if __name__ == "__main__":
    print(write_file(Path(sys.argv[1]), int(sys.argv[2])))

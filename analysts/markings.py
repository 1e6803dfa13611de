"""Traffic Light Protocol 2.0 markings and the clearance rule that reads them.

Kept in `analysts` because both `sources` (articles) and `incidents` mark their records with it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TLP(models.TextChoices):
    CLEAR = "clear", "TLP:CLEAR"
    GREEN = "green", "TLP:GREEN"
    AMBER = "amber", "TLP:AMBER"
    AMBER_STRICT = "amber+strict", "TLP:AMBER+STRICT"
    RED = "red", "TLP:RED"


# Order of sensitivity: a user cleared for a level sees that level and everything below.
TLP_RANK = {
    TLP.CLEAR: 0,
    TLP.GREEN: 1,
    TLP.AMBER: 2,
    TLP.AMBER_STRICT: 3,
    TLP.RED: 4,
}

# Levels that also require the reader to share a team with the record's team.
TEAM_RESTRICTED = frozenset({TLP.AMBER, TLP.AMBER_STRICT, TLP.RED})


def levels_up_to(clearance: str) -> list[str]:
    """Every TLP level a user with `clearance` may read."""
    rank = TLP_RANK[TLP(clearance)]
    return [level.value for level, r in TLP_RANK.items() if r <= rank]


TLP_HELP = _("Sensitivity (TLP 2.0). AMBER and above are shared only with the owning team.")

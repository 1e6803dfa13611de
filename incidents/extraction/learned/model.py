"""The learned model: per-decision logistic-regression coefficients read from a JSON file.

A file looks like::

    {"version": "L1-1a2b3c4d", "format": 1,
     "decisions": {"place": {"intercept": -0.4, "coef": {"rule_place": 2.1, ...},
                             "promote": 0.85, "demote": 0.15}},
     "trained_on": {...}}

Scoring is a dot product and a sigmoid, so the engine needs neither numpy nor scikit-learn; the
file loads in milliseconds. ``version`` is ``L1-`` and the first eight hex digits of the SHA-256
of the decisions, so two files with the same coefficients carry the same id.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).with_name("model.json")
FORMAT = 1


@dataclass(frozen=True)
class Decision:
    """One binary decision: P(positive) = sigmoid(intercept + sum(coef[f] * value[f]))."""

    intercept: float
    coef: dict[str, float]
    # The rule is overridden only past these probabilities: a candidate the rule rejected is
    # taken when P >= promote, one it took is dropped when P <= demote.
    promote: float = 0.85
    demote: float = 0.15

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept
        coef = self.coef
        for name, value in features.items():
            w = coef.get(name)
            if w is not None:
                z += w * value
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def decide(self, features: dict[str, float], rule: bool) -> bool:
        """The rule's decision unless the model is confident of the other one."""
        p = self.probability(features)
        if rule:
            return p > self.demote
        return p >= self.promote


@dataclass(frozen=True)
class LearnedModel:
    version: str
    decisions: dict[str, Decision] = field(default_factory=dict)
    trained_on: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Decision | None:
        return self.decisions.get(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "format": FORMAT,
            "decisions": _decisions_dict(self.decisions),
            "trained_on": self.trained_on,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LearnedModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown model format {data.get('format')!r}")
        decisions = {
            name: Decision(
                intercept=float(d["intercept"]),
                coef={k: float(v) for k, v in d["coef"].items()},
                promote=float(d.get("promote", 0.85)),
                demote=float(d.get("demote", 0.15)),
            )
            for name, d in data.get("decisions", {}).items()
        }
        return cls(
            data.get("version") or version_of(decisions), decisions, data.get("trained_on") or {}
        )

    @classmethod
    def build(cls, decisions: dict[str, Decision], trained_on: dict[str, Any]) -> LearnedModel:
        return cls(version_of(decisions), decisions, trained_on)


def _decisions_dict(decisions: dict[str, Decision]) -> dict[str, Any]:
    return {
        name: {
            "intercept": d.intercept,
            "coef": dict(sorted(d.coef.items())),
            "promote": d.promote,
            "demote": d.demote,
        }
        for name, d in sorted(decisions.items())
    }


def version_of(decisions: dict[str, Decision]) -> str:
    blob = json.dumps(_decisions_dict(decisions), sort_keys=True, separators=(",", ":"))
    return "L1-" + hashlib.sha256(blob.encode()).hexdigest()[:8]


def load_model(path: Path | str) -> LearnedModel:
    """Read a model file (raises ``ValueError`` on a file of another format)."""
    return LearnedModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def save_model(model: LearnedModel, path: Path | str) -> None:
    """Write the file in a stable form (sorted keys), so the same model gives the same bytes."""
    text = json.dumps(model.to_dict(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")


@lru_cache(maxsize=1)
def shipped_model() -> LearnedModel | None:
    """The model that ships in the package, or None when it is absent (rules decide alone)."""
    return load_model(SHIPPED) if SHIPPED.exists() else None

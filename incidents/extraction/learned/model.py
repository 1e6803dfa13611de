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
class ClassDecision:
    """One decision among several classes: a softmax over one linear score per class."""

    classes: tuple[str, ...]
    intercepts: dict[str, float]
    coefs: dict[str, dict[str, float]]
    # The rule is overridden only when the model gives another class at least this probability.
    confident: float = 0.8

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        scores = {}
        for c in self.classes:
            coef = self.coefs.get(c, {})
            z = self.intercepts.get(c, 0.0)
            for name, value in features.items():
                w = coef.get(name)
                if w is not None:
                    z += w * value
            scores[c] = z
        top = max(scores.values())
        exp = {c: math.exp(z - top) for c, z in scores.items()}
        total = sum(exp.values())
        return {c: e / total for c, e in exp.items()}

    def decide(self, features: dict[str, float], rule: str) -> str:
        """The rule's class unless the model is confident of another one."""
        probs = self.probabilities(features)
        best = max(probs, key=probs.get)
        return best if best != rule and probs[best] >= self.confident else rule


@dataclass(frozen=True)
class LearnedModel:
    version: str
    decisions: dict[str, Decision | ClassDecision] = field(default_factory=dict)
    trained_on: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Decision | ClassDecision | None:
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
        decisions = {name: _decision_from_dict(d) for name, d in data.get("decisions", {}).items()}
        return cls(
            data.get("version") or version_of(decisions), decisions, data.get("trained_on") or {}
        )

    @classmethod
    def build(
        cls, decisions: dict[str, Decision | ClassDecision], trained_on: dict[str, Any]
    ) -> LearnedModel:
        return cls(version_of(decisions), decisions, trained_on)


def _decision_from_dict(d: dict[str, Any]) -> Decision | ClassDecision:
    if "classes" in d:
        return ClassDecision(
            classes=tuple(d["classes"]),
            intercepts={c: float(v) for c, v in d["intercepts"].items()},
            coefs={c: {k: float(v) for k, v in cf.items()} for c, cf in d["coefs"].items()},
            confident=float(d.get("confident", 0.8)),
        )
    return Decision(
        intercept=float(d["intercept"]),
        coef={k: float(v) for k, v in d["coef"].items()},
        promote=float(d.get("promote", 0.85)),
        demote=float(d.get("demote", 0.15)),
    )


def _decision_dict(d: Decision | ClassDecision) -> dict[str, Any]:
    if isinstance(d, ClassDecision):
        return {
            "classes": list(d.classes),
            "intercepts": dict(sorted(d.intercepts.items())),
            "coefs": {c: dict(sorted(cf.items())) for c, cf in sorted(d.coefs.items())},
            "confident": d.confident,
        }
    return {
        "intercept": d.intercept,
        "coef": dict(sorted(d.coef.items())),
        "promote": d.promote,
        "demote": d.demote,
    }


def _decisions_dict(decisions: dict[str, Decision | ClassDecision]) -> dict[str, Any]:
    return {name: _decision_dict(d) for name, d in sorted(decisions.items())}


def version_of(decisions: dict[str, Decision | ClassDecision]) -> str:
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

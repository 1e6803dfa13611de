"""The actor-role decision (issue 13, req. 2 and 9): each actor mention's context features on
synthetic English and French sentences, the learned hook having the last word on its role, the
softmax decision and its file form, and the labels the trainer draws from the gold."""

from __future__ import annotations

import pytest

from incidents.extraction import ActorEntry, build_index, extract
from incidents.extraction.learned.model import (
    ClassDecision,
    LearnedModel,
    load_model,
    save_model,
)

from .extraction_support import SATURDAY, place_entry

JNIM = "JNIM: Group for Support of Islam and Muslims"
ARMY = "Military Forces of Mali (2021-)"
ATTACKS = {
    "en": "JNIM attacked an army post in Ségou on Friday, killing four soldiers.",
    "fr": "Le JNIM a attaqué vendredi un poste de l'armée à Ségou, tuant quatre soldats.",
}


def small_index():
    places = [place_entry(1, "Ségou", "ML.05", "Ségou", 13.4, -6.2, "P.PPLA")]
    actors = [
        ActorEntry(10, ARMY, "FAMa", 1, "ML", [("armée malienne", "fr"), ("Malian army", "en"),
                                              ("army", "en"), ("armée", "fr")]),
        ActorEntry(11, "Unidentified Armed Group (Mali)", "UAG", 3, "ML"),
        ActorEntry(20, JNIM, "JNIM", 2, "ML", [("JNIM", "en"), ("GSIM", "fr")]),
    ]  # fmt: skip
    return build_index(actors, places)


def recorded(text: str) -> dict[str, tuple[dict[str, float], str]]:
    """Each actor mention the rules weighed: name -> (features, the rules' role)."""
    record: list = []
    extract(text, index=small_index(), published=SATURDAY, model=None, record=record)
    return {name: (features, rule) for kind, features, rule, name in record if kind == "actor"}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_group_named_before_the_attack_is_its_perpetrator_by_the_rules(language):
    features, rule = recorded(ATTACKS[language])[JNIM]
    assert rule == "perpetrator"
    assert features["rule:perpetrator"] == 1.0 and features["type:2"] == 1.0
    assert features["before_trigger"] == 1.0 and features["s:anchor"] == 1.0
    assert features[f"lang:{language}"] == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "The attack in Ségou on Friday was claimed by JNIM, which killed four soldiers.",
        "L'attaque de vendredi à Ségou, qui a tué quatre soldats, a été revendiquée par le JNIM.",
    ],
)
def test_a_claim_by_a_group_is_seen_in_its_features(text):
    features, rule = recorded(text)[JNIM]
    assert rule == "claimant"
    assert features["cue:claim:before"] == 1.0 and features["cue:by:before"] == 1.0


def _suspicious_model(confident: float = 0.8) -> LearnedModel:
    """A model sure that what the rules call a perpetrator is only suspected."""
    decision = ClassDecision(
        ("background", "perpetrator", "suspected"),
        {"background": 0.0, "perpetrator": 0.0, "suspected": 0.0},
        {"suspected": {"rule:perpetrator": 6.0}},
        confident,
    )
    return LearnedModel.build({"actor": decision}, {})


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_learned_decision_has_the_last_word_on_a_mentions_role(language):
    text = ATTACKS[language]
    [rules] = extract(text, index=small_index(), published=SATURDAY, model=None).incidents
    assert rules.perpetrators == [JNIM] and rules.suspected == []
    [learned] = extract(
        text, index=small_index(), published=SATURDAY, model=_suspicious_model()
    ).incidents
    assert learned.suspected == [JNIM]
    assert JNIM not in learned.perpetrators
    # Short of its confidence threshold the rules' role stands.
    [unsure] = extract(
        text, index=small_index(), published=SATURDAY, model=_suspicious_model(0.999)
    ).incidents
    assert unsure.perpetrators == [JNIM]


def test_the_softmax_decision_reads_back_from_its_file(tmp_path):
    model = _suspicious_model()
    probs = model.get("actor").probabilities({"rule:perpetrator": 1.0})
    assert abs(sum(probs.values()) - 1.0) < 1e-9 and probs["suspected"] > 0.99
    save_model(model, tmp_path / "m.json")
    assert load_model(tmp_path / "m.json") == model


sklearn = pytest.importorskip("sklearn")
from incidents import learning  # noqa: E402


def test_actor_mentions_are_labelled_from_the_gold_roles():
    text = (
        "JNIM attacked an army post in Ségou on Friday, killing four soldiers, according to "
        "the Malian army."
    )
    gold = {"incidents": [{"perpetrators": [JNIM], "targets": [ARMY]}]}
    article = learning.LabelledArticle("synthetic", text, gold, small_index(), SATURDAY, "en")
    labels = {
        next(k.split(":", 1)[1] for k in f if k.startswith("w+1:")): y
        for f, y in learning.actor_samples(article)
    }
    # JNIM "attacked": the perpetrator; "the Malian army" as the source: the army is a target
    # of this incident all the same (its role in the gold), whatever this mention says.
    assert labels["attacked"] == "perpetrator"
    assert set(labels.values()) <= {"perpetrator", "target", "background"}


def test_the_actor_decision_trains_into_a_softmax_over_the_roles_seen():
    articles = learning.annotated_articles(["extraction_cases"], index=None)[:8]
    model = learning.fit(articles, ("place", "actor"))
    actor = model.get("actor")
    assert isinstance(actor, ClassDecision) and "background" in actor.classes
    assert model.trained_on["actor_mentions"] > 0

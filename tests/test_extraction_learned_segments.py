"""The segmentation decision (issue 13, req. 2 and 9): an event sentence met while an incident is
being told goes on with it or starts a new one; its context features on synthetic English and
French sentences, the learned hook overruling the rules only where it is confident, the labels
and the decision the trainer draws from the gold, and the trainer's k-fold report on it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from incidents.extraction import build_index, extract
from incidents.extraction.learned.model import Decision, LearnedModel, load_model, save_model

from .extraction_support import SATURDAY, place_entry

SEPARATE = {
    "en": "Gunmen attacked an army post in Ségou on Friday, killing four soldiers. Meanwhile, in "
    "a separate attack, gunmen ambushed a convoy near Mopti on Friday, killing two civilians.",
    "fr": "Des hommes armés ont attaqué vendredi un poste de l'armée à Ségou, tuant quatre "
    "soldats. Par ailleurs, dans une autre attaque, des hommes armés ont tendu une embuscade à "
    "un convoi près de Mopti vendredi, tuant deux civils.",
}
GOES_ON = {
    "en": "Gunmen attacked an army post in Ségou on Friday. The attackers killed four soldiers "
    "in Ségou.",
    "fr": "Des hommes armés ont attaqué vendredi un poste de l'armée à Ségou. Les assaillants "
    "ont tué quatre soldats à Ségou.",
}


def small_index():
    places = [
        place_entry(1, "Ségou", "ML.05", "Ségou", 13.4, -6.2, "P.PPLA"),
        place_entry(2, "Mopti", "ML.06", "Mopti", 14.5, -4.2, "P.PPLA"),
        place_entry(3, "Bamako", "ML.08", "Bamako", 12.6, -8.0, "P.PPLC"),
    ]
    return build_index([], places)


def decisions(text: str) -> list[tuple[dict[str, float], str]]:
    """Each event sentence the rules weighed against the incident being told."""
    record: list = []
    extract(text, index=small_index(), published=SATURDAY, model=None, record=record)
    return [(f, rule) for kind, f, rule, _name in record if kind == "segment"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_separate_attack_elsewhere_is_a_new_incident_by_the_rules(language):
    [(features, rule)] = decisions(SEPARATE[language])
    assert rule == "new" and features["rule_same"] == 0.0
    assert features["cue:separate"] == 1.0 and features["connective"] == 1.0
    assert features["new_place"] == 1.0 and features["same_date"] == 1.0
    assert features["indefinite_event"] == 1.0 and features["adjacent"] == 1.0
    assert features[f"lang:{language}"] == 1.0
    assert "continues" not in features


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_sentence_carrying_the_story_on_is_the_same_incident_by_the_rules(language):
    [(features, rule)] = decisions(GOES_ON[language])
    assert rule == "same" and features["rule_same"] == 1.0
    assert features["continues"] == 1.0 and features["same_place"] == 1.0
    assert features["no_date"] == 1.0
    assert not {"connective", "cue:separate", "new_place"} & set(features)


def _model(coef: dict[str, float]) -> LearnedModel:
    return LearnedModel.build({"segment": Decision(0.0, coef, 0.8, 0.2)}, {})


def _places(text: str, model) -> list[list[str]]:
    result = extract(text, index=small_index(), published=SATURDAY, model=model)
    return [[loc.name for loc in i.locations] for i in result.incidents]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_confident_model_splits_what_the_rules_join(language):
    text = GOES_ON[language]
    assert _places(text, None) == [["Ségou"]]
    # Sure that a sentence opening on "the attackers" starts another incident.
    assert _places(text, _model({"continues": -8.0})) == [["Ségou"], ["Ségou"]]
    # P = 0.27 is not confident (demote at 0.2): the rules' one incident stands.
    assert _places(text, _model({"continues": -1.0})) == [["Ségou"]]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_confident_model_joins_what_the_rules_split(language):
    text = SEPARATE[language]
    assert _places(text, None) == [["Ségou"], ["Mopti"]]
    assert _places(text, _model({"connective": 8.0})) == [["Ségou", "Mopti"]]
    assert _places(text, _model({"connective": 1.0})) == [["Ségou"], ["Mopti"]]  # P = 0.73


sklearn = pytest.importorskip("sklearn")
from incidents import learning  # noqa: E402


def _article(text: str, language: str, places: list[str], name: str = "synthetic"):
    """Gold: one incident per name of ``places``, each with its first mention as evidence."""
    incidents = []
    for place in places:
        start = text.index(place)
        incidents.append(
            {
                "date_start": "2024-03-15",
                "date_end": "2024-03-15",
                "locations": [{"name": place}],
                "evidence": [{"field": "location", "start": start, "end": start + len(place)}],
            }
        )
    return learning.LabelledArticle(
        name, text, {"incidents": incidents}, small_index(), SATURDAY, language
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_event_sentences_are_labelled_from_the_gold_incidents_evidence(language):
    # Two gold incidents, one per sentence: a new incident.
    two = _article(SEPARATE[language], language, ["Ségou", "Mopti"])
    assert [y for _f, y in learning.segment_samples(two)] == [0]
    # One gold incident: every event sentence after it goes on with it.
    one = _article(GOES_ON[language], language, ["Ségou"])
    assert [y for _f, y in learning.segment_samples(one)] == [1]
    # A desk article: only the sentences the engine proposed from are labelled.
    one.spans = [(0, 10)]
    assert learning.segment_samples(one) == []


def test_the_segment_decision_trains_from_gold_and_reads_back(tmp_path):
    bamako = "The government in Bamako said gunmen attacked Ségou on Friday, killing four."
    articles = [
        _article(SEPARATE["en"], "en", ["Ségou", "Mopti"], "a1"),
        _article(SEPARATE["fr"], "fr", ["Ségou", "Mopti"], "a2"),
        _article(GOES_ON["en"], "en", ["Ségou"], "a3"),
        _article(GOES_ON["fr"], "fr", ["Ségou"], "a4"),
        _article(bamako, "en", ["Ségou"], "a5"),
    ]
    model = learning.fit(articles, ("place", "segment"))
    decision = model.get("segment")
    assert isinstance(decision, Decision) and model.trained_on["event_sentences"] == 4
    assert "segment" not in learning.fit(articles).decisions  # off unless asked for
    separate, goes_on = decisions(SEPARATE["en"])[0][0], decisions(GOES_ON["en"])[0][0]
    assert decision.probability(separate) < 0.5 < decision.probability(goes_on)
    save_model(model, tmp_path / "m.json")
    assert load_model(tmp_path / "m.json").get("segment") == decision


def test_the_trainers_k_fold_report_weighs_each_decision_per_field(tmp_path):
    out = StringIO()
    call_command(
        "train_extraction", "--from-annotations", "--output", tmp_path / "m.json", "--folds", "2",
        stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    [head] = [line for line in lines if line.startswith("field (F1)")]
    assert head.split()[2:] == ["rules", "shipped", "+actor", "+toll", "+date", "+segment"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[lines.index(head) + 1 :][:8]}
    assert {"incidents", "dates", "places", "actors", "fatalities", "mean"} <= set(rows)
    assert all(len(values) == 6 for values in rows.values())
    assert all(0.0 < float(v) <= 1.0 for values in rows.values() for v in values)

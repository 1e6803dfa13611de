"""Learned decisions of the engine (pure Python, no scikit-learn at run time).

The rules and the gazetteer propose candidates (a place mention, later an actor mention, a
number…) and compute their context features (``features.py``); a small logistic-regression
model per decision (``model.py``, coefficients in ``model.json``, trained on the Django side by
``incidents/learning.py``) scores each candidate. The rule's own decision is one of the features,
and the model overrides it only where it is confident (``Decision.threshold``).
"""

from .model import LearnedModel, load_model, shipped_model

__all__ = ["LearnedModel", "load_model", "shipped_model"]

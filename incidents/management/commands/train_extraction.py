"""``manage.py train_extraction [--from-annotations] [--output FILE] [--no-cv] [--folds K]``

Retrains the engine's learned decisions (``incidents/learning.py``). With ``--from-annotations``
it rebuilds the shipped model from the annotated sets in ``tests/`` (seeded: the same file every
run). Without it, the desk's reviewed suggestions are added; k-fold cross-validated precision and
recall per field on the frozen evaluation set (the annotated articles) are printed before and
after adding them, and the new model is installed only if it scores no worse.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Retrain the extraction engine's learned decisions (annotated sets and desk reviews)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--from-annotations",
            action="store_true",
            help="Rebuild the shipped model from the annotated sets only (no desk reviews).",
        )
        parser.add_argument("--output", type=Path, help="Write the model to this file instead.")
        parser.add_argument(
            "--no-cv",
            action="store_true",
            help="With --from-annotations: skip printing the k-fold.",
        )
        parser.add_argument("--folds", type=int, default=5, help="k of the k-fold (default 5).")

    def handle(self, *args, **options) -> None:
        try:
            import sklearn  # noqa: F401
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise CommandError("scikit-learn is needed to train: pip install scikit-learn") from exc
        from incidents.learning import train

        if options["folds"] < 2:
            raise CommandError("--folds must be at least 2.")
        outcome = train(
            from_annotations=options["from_annotations"],
            output=options["output"],
            cross_validation=not options["no_cv"],
            k=options["folds"],
            log=self.stdout.write,
        )
        style = self.style.SUCCESS if outcome.installed else self.style.WARNING
        self.stdout.write(style(outcome.message))

"""ACLED and UCDP CSV imports: pure readers (`acled`, `ucdp`), a set-based store, a job runner."""

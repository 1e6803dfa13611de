"""The engine's word lists, one module per language (``en``, ``fr``) and ``common``, which joins
them and builds the alternations the stages' patterns use, once, at import.

Shared vocabularies (countries, agencies, months, claim statuses) live in the top-level
``vocabulary`` package, which the importers and the desk read too.
"""

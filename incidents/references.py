"""References to other incidents, as a reader may see them.

Texts and fields name other incidents: a history record says "Merged into #12", a refusal says
"already merged into #12", a field diff shows the incident a duplicate went into, an alert
delivery points at the incident it was about. Naming an incident the reader may not read tells
them it exists (and a 404 on its id confirms it). Every surface that names incidents asks
`IncidentNames` which of them the reader may read, and shows the others as the words
"an incident you may not read".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext, gettext_lazy

HIDDEN_INCIDENT = gettext_lazy("an incident you may not read")

# "#12" in a history reason or message; a preceding "Incident " is part of the reference.
_REFERENCE = re.compile(r"(?:\b[Ii]ncident )?#(\d+)\b")


def referenced_ids(texts: Iterable[str | None]) -> set[int]:
    """The incident ids named as "#N" in `texts`."""
    found: set[int] = set()
    for text in texts:
        if text:
            found.update(int(match) for match in _REFERENCE.findall(text))
    return found


class IncidentNames:
    """Which of some incidents `reader` may read, and how to name each of them to that reader.

    One query for all the ids given (none when no id is given); the visibility rule is
    `Incident.objects.visible_to`, merged duplicates included (their redirect is readable)."""

    def __init__(self, reader, ids: Iterable[int | None]) -> None:
        from incidents.models import Incident

        wanted = {int(pk) for pk in ids if pk is not None}
        self.readable: set[int] = (
            set(
                Incident.objects.visible_to(reader, include_merged=True)
                .filter(pk__in=wanted)
                .values_list("pk", flat=True)
            )
            if wanted and reader is not None
            else set()
        )

    @classmethod
    def in_texts(cls, reader, texts: Iterable[str | None], *ids: int | None) -> IncidentNames:
        """For the incidents named in `texts` (and `ids`)."""
        texts = list(texts)
        return cls(reader, referenced_ids(texts) | {pk for pk in ids if pk is not None})

    def may_read(self, pk: int | None) -> bool:
        return pk is not None and int(pk) in self.readable

    def id_or_none(self, pk: int | None) -> int | None:
        """The id when readable, else None (for JSON fields)."""
        return int(pk) if self.may_read(pk) else None

    def mask(self, text: str) -> str:
        """`text` with every "#N" of an incident the reader may not read replaced."""
        if not text or "#" not in text:
            return text

        def replace(match: re.Match) -> str:
            return (
                match.group(0) if self.may_read(int(match.group(1))) else gettext(HIDDEN_INCIDENT)
            )

        return _REFERENCE.sub(replace, text)


def incident_link_fields() -> list:
    """The incident's own fields that point at other incidents (merged_into): the values every
    surface names only when readable."""
    from incidents.models import Incident

    return [f for f in Incident._meta.concrete_fields if f.related_model is Incident]


def unname_hidden_incidents(changes: list, reader) -> list:
    """Field changes (`incidents.history.FieldChange`) with every incident the reader may not
    read, in a field that points at incidents (merged_into), shown as HIDDEN_INCIDENT. With no
    reader, every such incident is unnamed."""
    import dataclasses

    linked = {f.name for f in incident_link_fields()}
    pointing = [c for c in changes if c.field in linked]
    if not pointing:
        return changes
    names = IncidentNames(reader, [pk for c in pointing for pk in (c.old_pk, c.new_pk)])

    def unnamed(pk: int | None, shown):
        return shown if pk is None or names.may_read(pk) else gettext(HIDDEN_INCIDENT)

    return [
        dataclasses.replace(c, old=unnamed(c.old_pk, c.old), new=unnamed(c.new_pk, c.new))
        if c.field in linked
        else c
        for c in changes
    ]


def mask_for(reader, text: str, *ids: int | None) -> str:
    """`text` with the incidents `reader` may not read unnamed (one query, none without "#")."""
    if not text or "#" not in text:
        return text
    return IncidentNames.in_texts(reader, [text], *ids).mask(text)

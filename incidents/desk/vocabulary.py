"""ACLED vocabulary marked for translation: the model stores English values, the desk shows them
translated with `{% translate value %}`. Marking them here lets `makemessages` find them."""

from django.utils.translation import gettext_noop

from incidents.extraction.taxonomy import ACTOR_TYPES, DISORDER_TYPES, EVENT_TYPES

DISORDER_TYPE_LABELS = [
    gettext_noop("Political violence"),
    gettext_noop("Demonstrations"),
    gettext_noop("Political violence; Demonstrations"),
    gettext_noop("Strategic developments"),
]
ACTOR_TYPE_LABELS = [
    gettext_noop("State forces"),
    gettext_noop("Rebel group"),
    gettext_noop("Political militia"),
    gettext_noop("Identity militia"),
    gettext_noop("Rioters"),
    gettext_noop("Protesters"),
    gettext_noop("Civilians"),
    gettext_noop("External/Other forces"),
]

EVENT_TYPE_LABELS = [
    gettext_noop("Battles"),
    gettext_noop("Explosions/Remote violence"),
    gettext_noop("Violence against civilians"),
    gettext_noop("Protests"),
    gettext_noop("Riots"),
    gettext_noop("Strategic developments"),
]
SUB_EVENT_TYPE_LABELS = [
    gettext_noop("Armed clash"),
    gettext_noop("Government regains territory"),
    gettext_noop("Non-state actor overtakes territory"),
    gettext_noop("Chemical weapon"),
    gettext_noop("Air/drone strike"),
    gettext_noop("Suicide bomb"),
    gettext_noop("Shelling/artillery/missile attack"),
    gettext_noop("Remote explosive/landmine/IED"),
    gettext_noop("Grenade"),
    gettext_noop("Sexual violence"),
    gettext_noop("Attack"),
    gettext_noop("Abduction/forced disappearance"),
    gettext_noop("Peaceful protest"),
    gettext_noop("Protest with intervention"),
    gettext_noop("Excessive force against protesters"),
    gettext_noop("Violent demonstration"),
    gettext_noop("Mob violence"),
    gettext_noop("Agreement"),
    gettext_noop("Arrests"),
    gettext_noop("Change to group/activity"),
    gettext_noop("Disrupted weapons use"),
    gettext_noop("Headquarters or base established"),
    gettext_noop("Looting/property destruction"),
    gettext_noop("Non-violent transfer of territory"),
    gettext_noop("Other"),
]

# Fails loudly (in the tests) when the taxonomy gains a type that is not marked here.
MISSING = (
    (set(EVENT_TYPES) - set(EVENT_TYPE_LABELS))
    | ({sub for subs in EVENT_TYPES.values() for sub in subs} - set(SUB_EVENT_TYPE_LABELS))
    | (set(DISORDER_TYPES) - set(DISORDER_TYPE_LABELS))
    | (set(ACTOR_TYPES.values()) - set(ACTOR_TYPE_LABELS))
)

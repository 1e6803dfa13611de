"""Cue phrases (English and French) the engine looks for, as regexes over folded text.

Folded text is lower case without accents, with plain apostrophes and hyphens, so the patterns
below are written that way ("armee", "revendique").
"""

from __future__ import annotations

import re


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# --- events -----------------------------------------------------------------------------------
# Verbs and nouns that report a violent event happening (not a policy, a study or a pledge).
TRIGGER = rx(
    r"\b(attack(?:s|ed|ing)?|assault(?:s|ed)?|raid(?:s|ed)?|ambush(?:es|ed)?|storm(?:ed|ing)|"
    r"kill(?:s|ed|ing)?|died|struck|clash(?:es|ed)?|fighting|fought|(?:long|fierce|heavy|violent) fight|gunfire|shooting|shot dead|gunned down|"
    r"explosion|exploded|blast|bomb(?:ing|ed|s)?|shell(?:ing|ed)|strike[sd]?|airstrikes?|"
    r"drone strikes?|abduct(?:ed|ion|ions)?|kidnap(?:ped|ping|pings)?|taken hostage|"
    r"massacre[sd]?|slaughter(?:ed)?|executed|beheaded|target(?:ed|ing)|torched|burn(?:ed|t)|"
    r"loot(?:ed|ing)|overr(?:an|un)|seized|captured|"
    r"attaque[rsé]*|attaquee?s?|assaut|raid|embuscade|tue(?:e|es|s)?|tuant|abattu|"
    r"affrontements?|combats?|fusillade|tirs?|explosion|attentat|kamikaze|frappes?|"
    r"bombardement|enleve(?:e|es|s)?|enlevement|rapt|kidnapp\w*|otages?|massacre|"
    r"incendie|pille|pillage|vise(?:e|es|s)?|cible(?:e|es|s)?|mort(?:s|e|es)?|"
    r"protest(?:s|ed|ers)?|demonstrat(?:ion|ors)|manifestation|manifestants|riot(?:s|ers)?|"
    r"emeutes?|arrested|arrete(?:e|es|s)?|interpelle|obus|mortiers?|mortars?|roquettes?|"
    r"rockets?)\b"
)
# Nouns of the event itself, used to tell "Tuesday's attacks" (a reference) from new events.
EVENT_NOUN = rx(
    r"\b(attacks?|assaults?|raids?|ambush(?:es)?|offensives?|attaques?|assauts?|embuscades?|"
    r"attentats?|incidents?)\b"
)
# "two major attacks", "deux attaques": a summary of several events, not one incident.
COUNTED_EVENTS = rx(
    r"\b(two|three|four|five|several|a series of|multiple|both|deux|trois|quatre|cinq|plusieurs|"
    r"une serie d')\s+(?:\w+\s+){0,2}?(attacks|assaults|raids|operations|attaques|assauts|"
    r"attentats)\b"
)
NEW_INCIDENT = rx(
    r"\b(in (?:a|another) separate (?:attack|incident)|in another (?:attack|incident)|"
    r"separately|in a separate|dans une autre attaque|par ailleurs|lors d'une autre attaque|"
    r"une autre attaque|another attack)\b"
)
BACKGROUND = rx(
    r"\b(for (?:more than |over |nearly |almost |about )?(?:a|one|two|three|\d+) "
    r"(?:decades?|years)|since (?:19|20)\d\d|since the (?:start|beginning)|in recent "
    r"(?:weeks|months|years)|over the (?:past|last) (?:few )?(?:weeks|months|years)|"
    r"since the (?:launch|creation|arrival|establishment)|(?:an? |the )?(?:escalation|upsurge|"
    r"surge|spate|wave|string) (?:of|in) (?:attacks|violence)|recrudescence (?:des|de la) "
    r"(?:attaques|violence)|par le passe|in the past|regulierement|regularly|routinely|"
    r"depuis (?:le|la) (?:lancement|debut|"
    r"creation|mise en place)|"
    r"(?:has|have) faced|(?:has|have) claimed (?:hundreds|thousands) of lives|have been fighting|has been battling|has been fighting|"
    r"have (?:also )?intensified|(?:has|have) killed (?:thousands|hundreds)|"
    r"depuis (?:19|20)\d\d|depuis (?:plus d')?une decennie|depuis des annees|"
    r"ces dernieres (?:semaines|annees)|ces derniers mois|au cours des derniers mois|"
    r"depuis plusieurs (?:mois|annees)|is struggling|struggling to|has been hit by|"
    r"plongee? depuis|confronte depuis|en proie (?:depuis|a)|est confronte)\b"
)
HEADING = rx(r"^[\s\-–—*#]*[^.!?]{0,80}[\s\-–—*#]*$")

# --- actors ----------------------------------------------------------------------------------
GENERIC_PERPETRATOR = rx(
    r"\b((?:suspected |presumed |alleged |heavily |unidentified |unknown |)"
    r"(?:islamist |jihadist |islamic |armed )?(?:jihadists?|jihadis|islamists?|gunmen|"
    r"armed men|armed individuals|armed assailants|militants|insurgents|terrorists|assailants|"
    r"attackers|fighters|armed groups?|extremists)|"
    r"(?:presumes |des |les )?(?:jihadistes|djihadistes|islamistes|terroristes|assaillants|"
    r"hommes armes(?: non identifies)?|individus armes(?: non identifies)?|groupes? armes?"
    r"(?: non identifies?)?|elements? armes|hany)(?: presumes)?)\b"
)
MILITARY_TARGET = rx(
    r"\b(military (?:installations?|positions?|posts?|camps?|bases?|convoys?|patrols?|"
    r"outposts?|units?|checkpoints?|targets?|vehicles?)|army (?:camps?|bases?|positions?|"
    r"posts?|convoys?|patrols?|outposts?|barracks)|soldiers|troops|servicemen|gendarmes|"
    r"security forces|its positions|checkpoints?|barracks|"
    r"camps? militaires?|bases? militaires?|postes? militaires?|positions? (?:de l'armee|"
    r"militaires?)|soldats|militaires|convoi(?:s)? militaires?|patrouilles?|forces de "
    r"(?:defense et de )?securite|fds|gendarmerie|gendarmes|emprises? militaires?|son emprise|"
    r"leur emprise)\b"
)
# An assault on a military position (camp, base, post): a clash, whatever the weapon used.
MILITARY_POSITION = rx(
    r"\b(camps? militaires?|military (?:camps?|bases?|posts?|positions?)|army (?:camps?|bases?|"
    r"posts?|positions?)|bases? militaires?|postes? militaires?|emprises?|garrisons?|detachement|"
    r"the camp|le camp|its base|sa base|son emprise)\b"
)
# Not "a police official said" (a source) nor the UN "Haut-commissariat".
POLICE_TARGET = rx(
    r"\b(police(?:men| officers| station| post)?(?! officials?| sources?| spokes)|policiers|"
    r"(?<!haut-)(?<!haut )commissariat)\b"
)
CIVILIAN_TARGET = rx(
    r"\b(civilians|villagers|residents|worshippers|traders|farmers|herders|women and children|"
    r"passengers|students|teachers|people|civils|villageois|habitants|fideles|commercants|"
    r"cultivateurs|eleveurs|femmes et (?:des )?enfants|passagers|personnes|population|women|"
    r"children|girls|displaced people|idps|femmes|enfants|fillettes|deplaces|populations)\b"
)
AFFILIATION_BEFORE = rx(
    r"(linked to|affiliated (?:to|with)|allied (?:to|with)|loyal to|allegiance to|"
    r"branch of|affiliate of|offshoot of|lies? a|liee?s? a|affilie(?:e|s)? a|proches? d'|"
    r"allegeance a|franchise of|rival of|rivals of|rivale? (?:du|de|d')|rivaux (?:du|de|d')|"
    r"ennemi (?:du|de|d')|(?:branch|affiliate|offshoot|franchise|wing|arm|filiale|branche) "
    r"(?:of|de|du|d')\s*(?:the\s+|l'|la\s+|le\s+)?(?:[\w-]+\s+){0,3}?)"
    r"\s*(?:the\s+|l'|la\s+|le\s+)?$"
)
AFFILIATION_AFTER = rx(
    r"^(?:\s*|-)(linked|affiliated|allied|aligned|affiliate|branch|offshoot|franchise|"
    r"'s (?:\w+ )?(?:affiliate|branch))"
)
SOURCE_AFTER = rx(
    r"^[\s,]*(?:(?:spokesm[ae]n|spokesperson|officials?|sources?|statement)\s+)?(said|says|told|"
    r"announced|reported|stated|confirmed|added|claimed that|a annonce|a indique|a declare|"
    r"a affirme|a precise|indique|annonce|affirme|said in a statement)\b(?!\s+avoir)"
    # "JNIM said it killed nine soldiers": a self-claim, not a source
    r"(?!\s+(?:that\s+)?(?:it|they)\s+(?:had\s+)?(?:carried out|attacked|killed|struck|targeted|"
    r"destroyed|neutrali))"
)
SOURCE_BEFORE = rx(r"(according to|selon|a statement from|un communique de|source (?:in|at))\s*$")

# --- claims ----------------------------------------------------------------------------------
# An actor saying it did the act itself is a claim: "affirme avoir ciblé", "says it killed",
# "claims to have struck".
SELF_CLAIM_BODY = (
    # not "dit avoir repoussé une attaque": the army fending off an attack claims no attack
    r"(?:affirme|assure|dit|declare|revendique|pretend)(?:nt)? avoir "
    r"(?!(?:\w+ )?(?:repousse|riposte|deloge|dejoue|empeche|mis en deroute))"
    r"(?:[\w«»\" ]{1,30}? )?"
    r"(?:cible|attaque|frappe|detruit|tue|neutralise|vise|tire|abattu|mene)|"
    r"claim(?:s|ed)? to have|(?:says|said) (?:it|they) (?:had )?(?:carried out|attacked|killed|"
    r"struck|targeted|destroyed|neutrali[sz]ed)"
)
SELF_CLAIM = rx(SELF_CLAIM_BODY)
# --- claims (statuses) ------------------------------------------------------------------------------
UNCLAIMED = rx(
    r"(no (?:group|one|jihadist group|organisation|organization)\b[^.]{0,40}\bclaim\w*"
    r"(?: responsibility)?|nobody (?:has |had )?(?:\w+ )?claimed|"
    r"(?:has|have|had|was|were) not (?:\w+ ){0,2}?(?:been )?claimed|"
    r"unclaimed|yet to be claimed|no (?:\w+ ){0,2}?claims? (?:of|for)\b|no (?:immediate |official )"
    r"claim|there (?:was|has been|have been) no (?:\w+ ){0,2}?claim|aucune (?:\w+ )?revendication|"
    r"(?:pas|sans) de revendication|n'a (?:[\w']+ ){0,3}?pas (?:\w+ ){0,2}?ete revendiquee?|"
    r"pas encore ete revendique|non revendiquee?|n'a ete revendiquee?|"
    r"n'avait (?:\w+ ){0,2}?pas (?:\w+ ){0,2}?ete revendique|personne n'a (?:\w+ )?revendique|"
    r"aucun (?:groupe|mouvement)\b[^.]{0,30}?n'a)"
)
CLAIMED = rx(
    r"(claim(?:ed|s|ing)? respons\w+|claimed (?:the |an |a |two |three |several |both |)(?:\w+ )?"
    r"(?:attacks?|assaults?|raids?|ambush(?:es)?|killings?|bombings?|abductions?|kidnappings?)|"
    r"claimed (?:by|in a statement)|claim(?:s|ed)? of responsibility|claiming responsibility|"
    r"claims? responsibility|a revendique|ont revendique|revendiquee?s? par|revendique(?:nt)? "
    r"(?:l'|cette |ces |les |la |une |deux |des )|dans un communique[^.]{0,80}revendique|"
    r"a ete revendiquee?|ont ete revendiquee?s|" + SELF_CLAIM_BODY + r")"
)
SUSPECTED = rx(
    r"(bore the hallmarks of|bears the hallmarks of|hallmarks of|suspected of|is suspected|"
    r"are suspected|were suspected|believed to be|thought to be|likely carried out by|"
    r"attribuee? a|imputee? a|soupconnee?s?|suspecte(?:e|s)?|porte la marque|"
    r"le mode operatoire|\baurai(?:t|ent)\b[^.]{0,60}?\bpar\b|regards se tournent|"
    r"soupcons? (?:se portent|se tournent|pesent)|pointee?s? du doigt|pointent du doigt|"
    r"point(?:ed|s|ing)? the finger|suspicions? (?:fell|falls|has fallen|turned) on|"
    r"(?:reportedly|allegedly|presumably) (?:\w+ )?(?:carried out |committed )?by)"
)
ATTRIBUTED = rx(
    r"((?:army|military|government|authorities|junta|ministry|officials?|police|"
    r"armee|gouvernement|autorites|ministere|junte)\b[^.]{0,60}\b(?:blamed|accused|"
    r"attributed|a accuse|ont accuse|a attribue|ont attribue|imputent|impute)|"
    r"blamed (?:on|by)|accused by the (?:army|government|authorities))"
)
# An authority or the UN as the source of what a sentence says ("selon l'ONU", "according to
# the army", "the ministry said"): a group it names as the attacker is attributed.
AUTHORITY_SOURCE = rx(
    r"((?:selon|according to|d'apres|cited by)\s+(?:l'+\s*|la |le |les |the )?(?:\w+ ){0,3}?"
    r"(?:onu|un|united nations|nations unies|minusma|hcdh|ohchr|armee|army|military|"
    r"gouvernement|government|autorites|authorities|ministere|ministry|police|gendarmerie|"
    r"etat-major|governor|gouverneur)\b|"
    r"\b(?:the (?:army|military|government|ministry|authorities|un|united nations)|"
    r"l'(?:armee|onu|etat-major)|le gouvernement|les autorites)\b[^.]{0,40}\b(?:said|says|"
    r"stated|announced|a indique|a annonce|a declare|ont indique|ont annonce|a precise)\b)"
)
# An account contested by another side: "une version discordante", "conflicting accounts",
# "les rebelles affirment quant à eux que ce sont des civils".
DISPUTE = rx(
    r"(versions? (?:discordantes?|contradictoires?|divergentes?)|discordante|"
    r"conflicting (?:accounts|versions|reports|claims)|competing (?:claims|accounts|versions)|"
    r"contradict\w*|contest(?:e|ent|ee|ed|s)\b|disputed? (?:the|this|that) (?:account|version)|"
    r"\bdementent\b|affirment quant a (?:eux|elles)|quant a (?:eux|elles),? affirment)"
)
DENIED = rx(
    r"(denied (?:any )?(?:involvement|responsibility)|denied|rejected (?:the )?(?:claim|"
    r"accusation)|a dementi|ont dementi|nie toute|rejete toute|dementi)"
)

# --- fatalities ------------------------------------------------------------------------------
DEATH_WORD = (
    r"(?:killed|dead|died|deaths?|lives|fatalities|bodies|slain|massacred|executed|"
    r"perished|lost their lives|tues?|tuees?|morts?|mortes|deces|decedee?s?|victimes|corps|"
    r"perdu la vie|trouve la mort|succombe\w*|peri(?:s|rent)?|abattus?|executes?)"
)
WOUNDED_WORD = r"(?:wounded|injured|hurt|blesses?|blessees?)"
# The attack killed nobody: a toll of 0, where ``NO_TOLL`` (no figure given) leaves it unknown.
ZERO_TOLL = rx(
    r"\b(sans (?:faire de |faire |causer de |causer )?(?:victimes?|morts?|pertes? en vies humaines)|"
    r"n'a (?:fait|cause) (?:aucune victime|aucun mort|pas de victimes?|pas de morts?)|"
    r"(?:aucune victime|aucun mort|aucune perte en vie humaine) n'(?:a ete|est) (?:deplore|signale)\w*|"
    r"(?:without|causing no|caused no|there were no|with no|no) (?:casualties|deaths|fatalities)"
    r"(?! (?:figures?|were (?:given|reported)))|"
    r"no one was (?:killed|hurt|injured)|nobody was (?:killed|hurt|injured))\b"
)
NO_TOLL = rx(
    r"(no (?:immediate )?(?:death toll|casualty figures?|word on casualties|"
    r"information on casualties|toll)(?: (?:was|has been) (?:given|released|available))?|"
    r"no immediate (?:reports? of )?casualties|"
    r"death toll (?:was|is) (?:not|un)known|"
    r"aucun bilan|pas de bilan|bilan n'a pas|bilan (?:reste |est )?inconnu|bilan non)"
)

# --- places ----------------------------------------------------------------------------------
# A place right after these words only gives context: an organisation's seat, a border, where
# an official, a source or a unit sits, where the wounded were taken (checked over the 60
# characters before the name).
CONTEXT_BEFORE = rx(
    r"(based in|headquartered in|headquarters in|basee? a|installee? a|siege a|"
    r"border with|borders with|bordering|frontiere avec|frontalier (?:de|du|avec)|"
    r"limitrophe (?:de|du|des)|establish itself in|s'implanter (?:au|en|a)|"
    r"(?:source|sources|official|officials|diplomat|analyst|researcher|spokesman) (?:in|at|from)|"
    r"told afp (?:in|from)|told reuters (?:in|from)|a l'afp (?:a|depuis)|from|depuis|"
    r"university of|universite de|institute of|institut de|"
    r"(?:government|junta|authorities|regime|rulers|leaders|gouvernement|junte|autorites|"
    r"pouvoir|regime|dirigeants) (?:\w+ )?(?:in|of|de|d'|a)|"
    # A ministry, a presidency or an embassy stands for its government, not for the incident:
    # "the defence ministry in Bamako said", "le ministère de la Défense à Niamey".
    r"(?:ministry|ministere|presidency|presidence|embassy|ambassade|etat-major)"
    r"(?: (?:of|de|du|des|de la|de l') ?(?:the )?(?:defen[cs]e|security|securite|interior|"
    r"interieur|armed forces|armees|communication|foreign affairs|affaires etrangeres))? "
    r"(?:in|at|a)|"
    r"katiba(?: du| de)?|brigade (?:of|du|de)|liberation (?:du|de)|liberation front of|"
    r"mouvement (?:pour|de|du) (?:\w+ ){0,3}?(?:du|de)|"
    r"movement for (?:\w+ ){0,3}?of)\s*(?:the\s+|l'|la\s+|le\s+)?$"
)
# The same kind of context with a few words in between: "a police official in the regional
# capital Mopti", "the mayor of the nearest town Kareri", "un résident de la commune voisine de
# Tondikiwindi", "evacuated to a military hospital in the capital, Ouagadougou", "returned to
# their base at Ouallam".
CONTEXT_BEFORE_LOOSE = rx(
    r"(?:\b(?:mayor|governor|prefect|official|officials|spokesman|spokesperson|source|sources|"
    r"correspondent|journalist|maire|gouverneur|prefet|responsable|elu|correspondant)\s+"
    r"(?:of|in|at|from|de|du|d'|a)\s+(?:the\s+|la\s+|le\s+|l')?"
    r"(?:(?:regional|provincial|district|nearest|neighbouring|neighboring|nearby)\s+)?"
    r"(?:(?:capital|town|city|commune|village|locality|ville|localite)\s*,?\s*(?:of\s+|de\s+)?)?|"
    r"\b(?:neighbouring|neighboring|nearby|nearest|voisine?s?|proches?)\s+"
    r"(?:(?:town|city|commune|village|locality|ville|localite)\s+)?(?:of\s+|de\s+|d')?|"
    r"\b(?:commune|ville|localite|village)s? voisine?s? (?:de|d')\s*|"
    r"\b(?:stronghold|bastion|fief)s?\s+(?:of|de|d')\s*(?:the\s+)?|"
    r"\b(?:evacuated|flown|transferred|taken|rushed|brought|fled|evacues?|transferes?|"
    r"achemines?)\s+(?:to|vers|a)\b[^.;]{0,50}?|"
    r"\b(?:returned|returning|return|back|retreated|withdrew|rentres?|repli\w*)\s+"
    r"(?:to|a|vers)\s+(?:their|its|the|leur|la|sa|son)\s+(?:base|camp|garrison)\s+"
    r"(?:at|in|of|a|de)\s+(?:the\s+)?)$"
)
# Organisations named after a place: "Timbuktu Institute", "Bamako Accords".
CONTEXT_AFTER = rx(
    r"^(?:\s*|-)(institute|institut|university|universite|foundation|fondation|festival|"
    r"declaration|agreement|accords?|process|conference|club|fc|stadium|stade|"
    r"based|-based|liberation front|'s (?:\w+ )?(?:government|junta|military rulers|"
    r"authorities|leaders|regime))\b"
)
# Media titles ("The Washington Post", "Sahel Times"): only when the next word is capitalised in
# the original text, so "the Niafunke post" stays a place.
MEDIA_AFTER = re.compile(
    r"^(?:\s*|-)(Radio|TV|Television|Times|Post|News|Herald|Intelligence|Group|Info|Matin)\b"
)
# Distance references in a sentence that reports no event ("Douentza is about 340 km west of
# Gao") place nothing: the named town is a landmark.
DISTANCE_BEFORE = rx(
    r"(?:km|kilomet\w*|miles?)\)?\s+(?:\([^)]*\)\s+)?(?:(?:north|south|east|west|nord|sud|est|"
    r"ouest)(?:-\w+)?\s+)?(?:of|from|de|du|d')\s*$"
)
VAGUE_REGION = rx(
    r"\b(?:the |le |la |l')?(?P<dir>north|south|east|west|centre|center|north-?east|"
    r"north-?west|south-?east|south-?west|nord|sud|est|ouest|nord-est|nord-ouest|sud-est|"
    r"sud-ouest|central|northern|southern|eastern|western|north-?eastern|north-?western|"
    r"south-?eastern|south-?western)"
    r"(?:\s+(?:part|region|parts|area|zone)s?)?(?:\s+(?:of|du|de|de la|d'))?\s+"
    r"(?P<what>(?:the |le |la |l')?country|pays|[a-z'\- ]{3,25}?)(?=[\s,.;:)\"']|$)"
)
PLACE_PREFIX_SITE = rx(
    r"(camp|base|airport|aeroport|barracks|caserne|checkpoint|post|poste|mine|market|marche)"
    r"(?:\s+(?:of|de|d'|du|in|at|a))?\s*(?:the\s+)?$"
)
REGION_WORD_BEFORE = rx(r"(region of|province of|region de|province de|province du|cercle de)\s*$")
# Where a name absent from the gazetteer is still a place: after a settlement noun ("the
# eastern town of X", "dans la localité de X"), or joined to a known place ("à Farabougou et à
# X", "entre Nampala et X"), or after "at"/"à" in a sentence that reports the event.
UNKNOWN_PLACE_NOUN = rx(
    r"\b(?:town|village|locality|hamlet|settlement|commune|ville|localite|hameau|bourgade)"
    r"\s+(?:of|de|d')\s*$"
)
UNKNOWN_PLACE_AT = rx(r"(?:^|[\s,(])(?:at|a|near|pres de|in the village|au village de)\s+$")
TOWN_WORD_BEFORE = rx(
    r"\b(town|city|village|locality|ville|village|localite|commune|hameau|chef-lieu)"
    r"(?:\s+(?:of|de|d'|du))?\s*$"
)
REGION_WORD_AFTER = rx(r"^\s*(region|province|cercle|area)\b")

# Victims named as a part of a count ("dix civils, dont quatre VDP", "including four VDP
# members", "quatre VDP et six civils ont été tués"): an armed group here is a target.
VICTIM_APPOSITION = rx(
    r"(?:\b(?:dont|including|among them|among whom|parmi (?:eux|elles|lesquels|lesquelles|"
    r"les victimes|les morts)|notamment)\s+(?:(?:at least|au moins|some|about|environ)\s+)?"
    r"(?:[\w'-]+\s+){0,2}?)(?:des\s+|les\s+|the\s+|de\s+|d')?$"
)
COUNTED_BEFORE = rx(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|deux|trois|quatre|cinq|six|sept|"
    r"huit|neuf|dix|several|plusieurs)\s+(?:(?:of the|des|de|d')\s*)?$"
)
PASSIVE_VICTIM_AFTER = rx(
    r"^(?:\s+[\w'-]+){0,3}?,?\s+(?:were|was|have been|had been|ont ete|a ete|sont|est)\s+"
    r"(?:[\w'-]+\s+)?(?:killed|attacked|targeted|ambushed|shot|abducted|kidnapped|executed|"
    r"massacred|tue|attaque|cible|vise|abattu|enleve|execute|massacre|pris pour cible)\w*|"
    r"^(?:\s+[\w'-]+){0,3}?,?\s+(?:ont perdu la vie|lost their lives|died|perished|ont peri)"
)

"""The shared vocabulary of the project, in pure Python (no Django, no app imports).

One source per concept, used by the extraction engine, ``sources`` (text metadata of an
article), the importers and the desk:

- ``countries``: ISO codes and names, and the words a story uses for the Sahel countries;
- ``agencies``: news agencies and the spellings of their credits;
- ``months``: month names and abbreviations, English and French;
- ``claims``: claim-status values and their labels;
- ``languages``: the engine's languages and the function words that tell them apart;
- ``textmeta``: an article's publication header, dateline, agency credit and language.

Every app may import this package (``sources`` too, which never imports ``incidents``); this
package imports none of them.
"""

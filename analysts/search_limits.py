"""The one bound on free-text searches, for every surface: the desk's and the API's `q`, the
admin's search box.

A search term becomes one condition per word (and per searched field in the admin): a long
one makes a query the database takes minutes to plan and run. 200 characters hold any real
search of names, places and keywords.
"""

SEARCH_MAX_CHARS = 200

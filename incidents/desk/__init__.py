"""The analyst desk: server-rendered pages for the daily work (inbox, paste, review, lists, briefing)."""

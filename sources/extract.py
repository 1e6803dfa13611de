"""Plain text from HTML: trafilatura for whole pages, nh3 (a sanitiser, never a regex) for fragments."""

from __future__ import annotations

import datetime
import html as html_lib
from dataclasses import dataclass

import lxml.html
import nh3

# Elements kept while turning a fragment into text, only to know where paragraphs break.
_BLOCK_TAGS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre"}


@dataclass
class ExtractedPage:
    text: str
    title: str = ""
    author: str = ""
    published: datetime.date | None = None
    language: str = ""


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed summary): scripts and styles dropped with their content."""
    cleaned = nh3.clean(fragment or "", tags=_BLOCK_TAGS | {"br"}, attributes={}, link_rel=None)
    if not cleaned.strip():
        return ""
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    for element in root.iter():
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
    text = html_lib.unescape(root.text_content())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def html_to_article(document: str | bytes, url: str | None = None) -> ExtractedPage:
    """Main text and metadata of a web page; markup, navigation and scripts are left out."""
    # Imported here: trafilatura takes about half a second to import, and every Django process
    # (a `manage.py extract` too) loads this module through the importers' registry.
    import trafilatura

    extracted = trafilatura.bare_extraction(
        document,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_recall=True,
    )
    if extracted is None or not (extracted.text or "").strip():
        # Very short pages defeat trafilatura's boilerplate heuristics: fall back to all the text.
        raw = (
            document.decode("utf-8", errors="replace") if isinstance(document, bytes) else document
        )
        title = ""
        try:
            tree = lxml.html.fromstring(nh3.clean(raw, tags={"title"} | _BLOCK_TAGS | {"br"}))
            title = (tree.findtext(".//title") or "").strip()
        except (ValueError, lxml.etree.ParserError):
            pass
        body = nh3.clean(raw, tags=_BLOCK_TAGS | {"br"}, attributes={}, link_rel=None)
        return ExtractedPage(text=fragment_to_text(body), title=title)
    return ExtractedPage(
        text=extracted.text.strip(),
        title=(extracted.title or "").strip(),
        author=(extracted.author or "").strip()[:300],
        published=_parse_date(extracted.date),
        language=(extracted.language or "")[:8],
    )

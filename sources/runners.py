"""The importers of `sources`: paste, file (.txt/.md/.html/.csv), URL and feed jobs.

Each runner turns its input into items for `JobRun.item()`; every item ends in `store_article`.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime

from vocabulary.textmeta import agency_credit, detect_language, read_publication_header

from .canonical import canonical_url
from .extract import html_to_article
from .feeds import FeedNotModified, fetch_feed
from .fetch import FetchError, TransientFetchError, fetch
from .jobs import ItemError, ItemResult, JobError, JobRun, register_runner
from .models import Article, Feed, ImportItem, ImportJob
from .storing import outlet_named, store_article

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv"}
FILE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES
CSV_COLUMNS = ("url", "title", "published", "text", "outlet", "language")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def _draft(run: JobRun, **fields: Any) -> dict[str, Any]:
    """store_article() keyword arguments: the job's defaults under the item's own values."""
    params = run.params
    draft: dict[str, Any] = {
        "outlet": params.get("outlet", ""),
        "language": params.get("language", ""),
        "tlp": params.get("tlp") or None,
    }
    draft.update({name: value for name, value in fields.items() if value not in (None, "")})
    return draft


def _with_text_metadata(draft: dict[str, Any]) -> dict[str, Any]:
    """Read the publication header (date line, wire dateline), the agency credit when nobody
    named the outlet, and detect the language.

    NUL characters are dropped from every text field: they mean nothing in an article, and
    PostgreSQL refuses them (the whole item would fail).
    """
    draft = {
        name: value.replace("\x00", "") if isinstance(value, str) else value
        for name, value in draft.items()
    }
    if not draft.get("outlet"):
        draft["outlet"] = agency_credit(draft["text"])
    published, body = read_publication_header(draft["text"])
    if body.strip():
        draft["text"] = body.strip()
    if not draft.get("published_at") and published:
        draft["published_at"] = published
    if not draft.get("language"):
        draft["language"] = detect_language(draft["text"])
    return draft


def store_draft(run: JobRun, draft: dict[str, Any]) -> ItemResult:
    """Store a prepared article (inside the item's transaction)."""
    draft = dict(draft)
    result = store_article(
        text=draft.get("text", ""),
        title=draft.get("title", ""),
        url=draft.get("url", ""),
        outlet=outlet_named(draft.get("outlet", "")),
        published_at=draft.get("published_at"),
        language=draft.get("language", ""),
        byline=draft.get("byline", ""),
        tlp=draft.get("tlp"),
        added_by=run.job.created_by,
        job_id=run.job.pk,
    )
    if result.created:
        return ItemResult(ImportItem.Outcome.CREATED, result.article)
    return ItemResult(
        ImportItem.Outcome.DUPLICATE, result.article, f"Already stored ({result.reason})."
    )


def _store(run: JobRun):
    return lambda draft: store_draft(run, draft)


# Paste ----------------------------------------------------------------------------------------


def run_paste(run: JobRun) -> None:
    params = run.params
    run.set_total(1)

    def prepare() -> dict[str, Any]:
        draft = _draft(
            run,
            text=params.get("text", ""),
            title=params.get("title", ""),
            url=params.get("url", ""),
            published_at=_parse_published(params.get("published", "")),
        )
        return _with_text_metadata(draft)

    run.item("paste", params.get("title") or "Pasted text", prepare, _store(run))
    # The page that started the paste opens the article (new or the duplicate found) from here.
    article_id = (
        ImportItem.objects.filter(job_id=run.job.pk, key="paste")
        .values_list("article_id", flat=True)
        .first()
    )
    if article_id:
        run.update(params={**params, "article_id": article_id})


# Files -----------------------------------------------------------------------------------------


def _read_upload(run: JobRun) -> tuple[str, bytes]:
    job = run.job
    if not job.upload:
        raise JobError("The job has no file attached.")
    name = run.params.get("filename") or Path(job.upload.name).name
    try:
        with job.upload.open("rb") as handle:
            data = handle.read(settings.IMPORT_MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise JobError(f"The uploaded file {name} cannot be read: {exc}.") from None
    if len(data) > settings.IMPORT_MAX_FILE_BYTES:
        raise JobError(f"The file {name} is larger than the import limit.")
    return name, data


def _decode(data: bytes, name: str) -> str:
    """UTF-16 by its byte-order mark, else UTF-8 (BOM or not), else Windows-1252; no NULs."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").replace("\x00", "")
        except UnicodeDecodeError:
            raise JobError(f"{name} starts like UTF-16 text but is not.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise JobError(f"{name} is neither UTF-8 nor Windows-1252 text.") from None
    return text.replace("\x00", "")


def run_file(run: JobRun) -> None:
    name, data = _read_upload(run)
    suffix = Path(name).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _run_csv(run, name, data)
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise JobError(
            f"{name}: unsupported file type {suffix or '(none)'}; "
            f"use one of {', '.join(sorted(FILE_SUFFIXES))}."
        )
    run.set_total(1)

    def prepare() -> dict[str, Any]:
        if suffix in HTML_SUFFIXES:
            page = html_to_article(data, url=run.params.get("url") or None)
            draft = _draft(
                run,
                text=page.text,
                title=run.params.get("title") or page.title,
                url=run.params.get("url", ""),
                byline=page.author,
                published_at=page.published,
                language=page.language if page.language in ("en", "fr") else "",
            )
        else:
            text = _decode(data, name)
            title = run.params.get("title", "")
            heading = re.match(r"\s*#\s+(.+)\n", text) if suffix != ".txt" else None
            if heading:
                title = title or heading.group(1).strip()
                text = text[heading.end() :]
            draft = _draft(run, text=text, title=title, url=run.params.get("url", ""))
        if not draft.get("text", "").strip():
            raise ItemError(f"{name}: no article text found.")
        return _with_text_metadata(draft)

    run.item("file", name, prepare, _store(run))


def _parse_published(value: str) -> datetime.date | datetime.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value) or parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ItemError(f"published: {value!r} is not a date (use YYYY-MM-DD).")
    return parsed


def _run_csv(run: JobRun, name: str, data: bytes) -> None:
    text = _decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise JobError(f"{name} is empty.") from None
    except csv.Error as exc:
        raise JobError(f"{name}: the header row cannot be read ({exc}).") from None
    if "text" not in header and "url" not in header:
        raise JobError(
            f"{name}: the header row needs a text or url column "
            f"(expected {', '.join(CSV_COLUMNS)}; found {', '.join(header) or 'nothing'})."
        )
    rows: list[tuple[int, list[str] | str]] = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append((line, f"unreadable row ({exc})"))
            line = reader.line_num + 1
            continue
        if any(cell.strip() for cell in row):
            rows.append((line, row))
        line = reader.line_num + 1
    run.set_total(len(rows))
    for number, row in rows:
        run.item(
            f"line:{number}",
            f"line {number}",
            lambda number=number, row=row: _csv_row(run, header, number, row),
            _store(run),
        )


def _csv_row(run: JobRun, header: list[str], number: int, row: list[str] | str) -> dict[str, Any]:
    if isinstance(row, str):
        raise ItemError(f"Line {number}: {row}.")
    if len(row) > len(header):
        raise ItemError(f"Line {number}: {len(row)} cells for {len(header)} columns.")
    values = {column: cell.strip() for column, cell in zip(header, row, strict=False)}
    try:
        published = _parse_published(values.get("published", ""))
    except ItemError as exc:
        raise ItemError(f"Line {number}: {exc}") from None
    language = values.get("language", "").lower()
    if language and not _LANGUAGE.match(language):
        raise ItemError(f"Line {number}: language {language!r} is not a language code (en, fr…).")
    url = values.get("url", "")
    text = values.get("text", "")
    if not text and not url:
        raise ItemError(f"Line {number}: both text and url are empty.")
    draft = _draft(
        run,
        text=text,
        title=values.get("title", ""),
        url=url,
        outlet=values.get("outlet", ""),
        language=language,
        published_at=published,
    )
    if not text:
        try:
            page = _fetch_page(url)
        except FetchError as exc:
            raise ItemError(f"Line {number}: {exc}") from None
        draft = {**_page_draft(run, url, page), **{k: v for k, v in draft.items() if v}}
    return _with_text_metadata(draft)


# URLs ------------------------------------------------------------------------------------------


def _fetch_page(url: str):
    result = fetch(url)
    if result.content_type == "text/plain":
        return html_to_article(f"<pre>{result.text()}</pre>", url=result.url)
    return html_to_article(result.content, url=result.url)


def _page_draft(run: JobRun, url: str, page) -> dict[str, Any]:
    return _draft(
        run,
        text=page.text,
        title=page.title,
        url=url,
        byline=page.author,
        published_at=page.published,
        language=page.language if _LANGUAGE.match(page.language or "") else "",
    )


def _prepare_url(run: JobRun, url: str) -> dict[str, Any]:
    canonical = canonical_url(url)
    if not canonical:
        raise ItemError("Empty URL.")
    known = Article.objects.filter(url=canonical).first()
    if known:
        # Already stored: no need to fetch it again.
        return {"known": known}
    page = _fetch_page(url)
    if not page.text.strip():
        raise ItemError(f"No article text found at {url}.")
    return _with_text_metadata(_page_draft(run, canonical, page))


def _store_url(run: JobRun, prepared: dict[str, Any]) -> ItemResult:
    if "known" in prepared:
        return ItemResult(
            ImportItem.Outcome.DUPLICATE, prepared["known"], "Already stored (same URL)."
        )
    return store_draft(run, prepared)


def run_urls(run: JobRun) -> None:
    urls = [url.strip() for url in run.params.get("urls", []) if url and url.strip()]
    run.set_total(len(urls))
    for url in urls:
        run.item(
            canonical_url(url) or url,
            url,
            lambda url=url: _prepare_url(run, url),
            lambda prepared: _store_url(run, prepared),
        )


# Feeds -----------------------------------------------------------------------------------------


def _prepare_entry(run: JobRun, feed: Feed, entry: dict[str, str]) -> dict[str, Any]:
    link = entry.get("link", "")
    known = Article.objects.filter(url=canonical_url(link)).first() if link else None
    if known:
        return {"known": known}
    text = entry.get("text", "")
    byline = entry.get("author", "")
    published: datetime.datetime | None = parse_datetime(entry.get("published") or "") or None
    if feed.fetch_full_text and link:
        try:
            page = _fetch_page(link)
            if page.text.strip():
                text = page.text
                byline = byline or page.author
        except (FetchError, TransientFetchError):
            # The entry's own summary is kept rather than losing the entry.
            pass
    if not text.strip():
        raise ItemError(f"Feed entry {link or entry.get('title', '')} has no text.")
    draft = _draft(
        run,
        text=text,
        title=entry.get("title", ""),
        url=link,
        byline=byline,
        published_at=published,
        outlet=feed.outlet.name if feed.outlet else "",
        language=feed.language,
    )
    return _with_text_metadata(draft)


def run_feed(run: JobRun) -> None:
    feed_id = run.params.get("feed_id") or run.job.feed_id
    feed = Feed.objects.select_related("outlet").filter(pk=feed_id).first()
    if feed is None:
        raise JobError("The feed of this job no longer exists.")
    entries = run.params.get("entries")
    if entries is None:
        try:
            entries = fetch_feed(feed)
        except FeedNotModified:
            run.note("The feed has not changed since the last poll (HTTP 304).")
            return
        except (FetchError, TransientFetchError) as exc:
            raise JobError(f"The feed could not be polled: {exc}") from None
        # Kept on the job so that a resumed run works through the same entries.
        run.update(params={**run.params, "entries": entries})
    run.set_total(len(entries))
    for entry in entries:
        run.item(
            entry["key"],
            entry.get("link") or entry.get("title") or entry["key"],
            lambda entry=entry: _prepare_entry(run, feed, entry),
            lambda prepared: _store_url(run, prepared),
        )


register_runner(ImportJob.Kind.PASTE, run_paste)
register_runner(ImportJob.Kind.FILE, run_file)
register_runner(ImportJob.Kind.CSV, run_file)
register_runner(ImportJob.Kind.URL, run_urls)
register_runner(ImportJob.Kind.FEED, run_feed)

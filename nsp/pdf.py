"""PDF rendering with WeasyPrint, fenced in: only the project's own static files load.

WeasyPrint fetches every URL a document names (stylesheets, images, fonts). A template
bug or an injected ``<img src="file:///etc/passwd">`` must neither read local files nor
reach the network, so documents are rendered with ``base_url`` set to a reserved,
unresolvable origin and ``StaticOnlyFetcher`` serves ``/static/…`` paths on that origin
from Django's static finders; every other URL (``file:``, ``http:``, ``data:`` …) raises.
"""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# ``.invalid`` is reserved (RFC 2606): nothing on any network answers to it.
STATIC_ORIGIN = "https://nsp-static.invalid"
BASE_URL = f"{STATIC_ORIGIN}{settings.STATIC_URL}"


class RefusedURL(FatalURLFetchingError):
    """A document asked for something outside the project's static files."""


def static_path_for(url: str) -> str:
    """The static file a URL may load, or raise ``RefusedURL``."""
    parsed = urlparse(url)
    if f"{parsed.scheme}://{parsed.netloc}" != STATIC_ORIGIN:
        raise RefusedURL(f"PDF rendering refused a {parsed.scheme or 'relative'} URL.")
    if not parsed.path.startswith(settings.STATIC_URL):
        raise RefusedURL("PDF rendering only loads static files.")
    relative = parsed.path[len(settings.STATIC_URL) :]
    if not relative or ".." in relative.split("/"):
        raise RefusedURL("PDF rendering refused a path outside the static files.")
    found = finders.find(relative)
    if not found or isinstance(found, list):
        raise RefusedURL(f"No static file {relative!r}.")
    return str(found)


class StaticOnlyFetcher(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols=["https"], fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = static_path_for(url)
        with open(path, "rb") as handle:
            data = handle.read()
        mime_type, _ = mimetypes.guess_type(path)
        return URLFetcherResponse(
            url, data, {"Content-Type": mime_type or "application/octet-stream"}
        )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    pdf: bytes = document.write_pdf()
    return pdf


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Django template to PDF bytes; link stylesheets as ``{% static … %}``."""
    return html_to_pdf(render_to_string(template_name, context))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

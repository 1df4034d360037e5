from __future__ import annotations

import pytest

from nsp.pdf import RefusedURL, StaticOnlyFetcher, html_to_pdf
from tests.pdftext import pdf_text as _text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/secret",
        "https://example.org/static/css/pdf.css",
        "https://nsp-static.invalid/static/../../etc/passwd",
        "https://nsp-static.invalid/media/upload.pdf",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url: str) -> None:
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_the_project_stylesheet() -> None:
    response = StaticOnlyFetcher().fetch("https://nsp-static.invalid/static/css/pdf.css")
    assert b"@page" in response.read()


def test_a_document_naming_a_local_file_is_not_rendered() -> None:
    with pytest.raises(RefusedURL):
        html_to_pdf('<p>x</p><img src="file:///etc/passwd">')


def test_it_renders_a_real_pdf_with_the_static_stylesheet() -> None:
    pdf = html_to_pdf(
        '<link rel="stylesheet" href="/static/css/pdf.css"><h1>Beslut NSP001</h1><p>45 000 kr</p>'
    )
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "Beslut NSP001" in text
    assert "45 000 kr" in text

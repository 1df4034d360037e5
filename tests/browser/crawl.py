"""Walk every page a logged-in persona reaches by following links, and check each page.

Each page is checked at desktop width with axe-core (``axe-playwright-python``; serious and
critical violations count) and at 375 px for sideways page scrolling. Shared by the
browser test (``test_accessibility.py``) and ``python -m tests.browser.crawl`` against a
running ``make run`` server (for measuring by hand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

PHONE_WIDTH = 375
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": PHONE_WIDTH, "height": 800}
SERIOUS = {"serious", "critical"}

# Links a person follows but a crawler must not: leaving, downloads (PDF, ZIP, CSV,
# JSON), the API browser and Django admin's own pages, and pages that only re-ask for a
# password.
SKIP = re.compile(
    r"/logout/|/underlag/|/accounts/logout|\.pdf$|/pdf/|/export|/zip|/download|/fil/|/filer/|/api/"
    r"|/csv|/ladda-ner|/nedladdning|/reauthenticate|/2fa/|/static/|/media/|/konto/mfa"
    r"|/accounts/email|/accounts/password|/accounts/3rdparty|/accounts/reauth"
)


@dataclass
class PageResult:
    path: str
    status: int
    violations: list[str] = field(default_factory=list)
    width: int = 0


@dataclass
class CrawlReport:
    persona: str
    pages: list[PageResult] = field(default_factory=list)

    @property
    def overflowing(self) -> list[PageResult]:
        return [p for p in self.pages if p.width > PHONE_WIDTH]

    @property
    def violating(self) -> list[PageResult]:
        return [p for p in self.pages if p.violations]

    def summary(self) -> str:
        lines = [
            f"{self.persona}: {len(self.pages)} pages, {len(self.violating)} with serious/critical"
            f" axe violations, {len(self.overflowing)} wider than {PHONE_WIDTH} px"
        ]
        for p in self.violating:
            lines.append(f"  axe {p.path}: {'; '.join(p.violations)}")
        for p in self.overflowing:
            lines.append(f"  width {p.path}: {p.width} px")
        return "\n".join(lines)


def _normalise(base: str, href: str) -> str | None:
    href = urldefrag(href)[0]
    parts = urlsplit(href)
    if parts.netloc and parts.netloc != urlsplit(base).netloc:
        return None
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return None
    path = parts.path or "/"
    if SKIP.search(path):
        return None
    # Page through a list once: the first page of each list is enough, and so is one
    # variant of each query (filters and sort orders render the same template).
    return path + (f"?{parts.query}" if parts.query and "page=" not in parts.query else "")


def _shape(path: str) -> str:
    """The URL with its ids and query removed: one page per shape is checked."""
    path = path.split("?")[0]
    return re.sub(r"/(\d+|[0-9a-f-]{32,36})(?=/|$)", "/#", path)


def _axe_serious(page: Any, axe: Any) -> list[str]:
    results = axe.run(page, options={"resultTypes": ["violations"]})
    found = []
    for violation in results.response.get("violations", []):
        if violation.get("impact") in SERIOUS:
            targets = [",".join(n.get("target", [])) for n in violation.get("nodes", [])[:3]]
            found.append(f"{violation['id']} ({len(violation['nodes'])}: {' | '.join(targets)})")
    return found


def page_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def crawl(
    page: Any,
    persona: str,
    start: str = "/",
    max_pages: int = 120,
    per_shape: int = 1,
    screenshots: Path | None = None,
) -> CrawlReport:
    """Breadth-first walk from ``start``; at most ``per_shape`` pages of each URL shape."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    report = CrawlReport(persona)
    base = page.url
    queue = [start]
    seen = {start}
    shapes: dict[str, int] = {}
    while queue and len(report.pages) < max_pages:
        path = queue.pop(0)
        page.set_viewport_size(DESKTOP)
        try:
            response = page.goto(path)
        except Exception:  # noqa: S112 — a download (an attachment) starts instead of a page
            continue
        status = response.status if response else 0
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        result = PageResult(path, status)
        report.pages.append(result)
        result.violations = _axe_serious(page, axe)
        name = re.sub(r"[^A-Za-z0-9]+", "_", _shape(path)).strip("_") or "start"
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshots / f"{persona}-{name}-1280.png"))
        page.set_viewport_size(PHONE)
        result.width = page_width(page)
        if screenshots is not None:
            page.screenshot(path=str(screenshots / f"{persona}-{name}-375.png"))
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            target = _normalise(base, href)
            if target is None or target in seen:
                continue
            seen.add(target)
            shape = _shape(target)
            if shapes.get(shape, 0) >= per_shape:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append(target)
    page.set_viewport_size(DESKTOP)
    return report


def _main() -> None:  # pragma: no cover - a tool for measuring by hand
    import argparse
    import time

    import django
    from playwright.sync_api import sync_playwright

    django.setup()
    from nsp.accounts.allauth_internal import format_hotp_value, hotp_value
    from nsp.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("users", nargs="+")
    parser.add_argument("--shots", default="")
    args = parser.parse_args()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        total = 0
        for user in args.users:
            context = browser.new_context(base_url=args.base, locale="sv-SE", viewport=DESKTOP)
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("input[name=login]", user)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_load_state()
            if "/2fa/" in page.url:
                code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
                page.fill("input[name=code]", code)
                page.get_by_role("button", name="Logga in").click()
                page.wait_for_load_state()
            started = time.monotonic()
            shots = Path(args.shots) if args.shots else None
            report = crawl(page, user, screenshots=shots)
            total += len(report.pages)
            print(report.summary())
            print(f"  ({time.monotonic() - started:.0f} s)", flush=True)
            context.close()
        print(f"pages checked: {total}")


if __name__ == "__main__":  # pragma: no cover
    _main()

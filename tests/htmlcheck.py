"""Find what a strict Content-Security-Policy would block in a page: inline code."""

from __future__ import annotations

from html.parser import HTMLParser

# Script types that are data, not code: the CSP does not apply to them.
_DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


class _InlineFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            elif name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> event handler")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script" and not values.get("src"):
            kind = (values.get("type") or "").lower()
            if kind not in _DATA_SCRIPT_TYPES:
                self.found.append("inline <script>")


def inline_code(html: str) -> list[str]:
    """Inline style attributes, <style> elements, inline scripts and event handlers."""
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found

"""Reading the portal's HTML as a browser under its Content-Security-Policy would."""

from html.parser import HTMLParser

#: ``<script type>`` values a browser runs; anything else (``application/json``) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would block: inline
    ``<script>`` and ``<style>`` elements, ``style=`` and ``on…=`` attributes, and
    ``javascript:`` links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        runs = values.get("type", "").strip().lower() in SCRIPT_TYPES
        if tag == "script" and "src" not in values and runs:
            self._script = ""
        if tag == "style":
            self.found.append("<style> element")
        for name, value in values.items():
            javascript_url = name in URL_ATTRIBUTES and value.strip().lower().startswith(
                "javascript:"
            )
            if name == "style" or name.startswith("on") or javascript_url:
                self.found.append(f'<{tag} {name}="{value}">')

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.found.append(f"inline <script>{self._script.strip()[:80]}</script>")
            self._script = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found

"""The one page shell every HTML page of the API is built in (home page and analyst pages).

A page is static: no data, no external URL (the Content-Security-Policy of
:data:`api.html.HOME_CSP` forbids one). :func:`page_shell` gives the document,
the shared stylesheet, the header with its navigation, and the page's own body,
stylesheet and script.

Examples
--------
>>> html = page_shell("Scenarios · supplynet", "<p>hi</p>", "var x = 1;", heading="Scenarios")
>>> html.startswith("<!DOCTYPE html>") and "<title>Scenarios · supplynet</title>" in html
True
>>> "http" in html
False
"""

from __future__ import annotations

from typing import Final

__all__ = ["BASE_CSS", "NAV", "page_shell"]

#: The stylesheet every page shares; a page adds its own after it.
BASE_CSS: Final = """
html, body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1b1f24; background: #f6f7f9; font-size: 14px; }
header { padding: 10px 18px; background: #14263d; color: #fff; display: flex;
  align-items: center; gap: 16px; flex-wrap: wrap; }
header h1 { margin: 0; font-size: 19px; font-weight: 600; }
header p { margin: 0; color: #c9d6e6; font-size: 13px; flex: 1; }
header nav a { color: #c9d6e6; margin-right: 12px; }
main { padding: 12px 18px; }
section { background: #fff; border: 1px solid #d8dde3; border-radius: 6px; padding: 10px 14px;
  margin-bottom: 12px; }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: #4a5560;
  margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e5e8ec; }
th { font-size: 12px; color: #4a5560; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.bad { color: #b00020; font-weight: 600; }
.good { color: #1a7f37; }
.muted { color: #6a737d; }
.error { color: #b00020; white-space: pre-wrap; }
form { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 0; }
label { display: inline-flex; gap: 4px; align-items: center; }
input[type=number] { width: 70px; }
button { cursor: pointer; }
[hidden] { display: none !important; }
"""

#: The navigation in every page's header.
NAV: Final = """<nav><a href="/">Home</a><a href="/pages/adversary-links">Adversary links</a>
  <a href="/pages/scenarios">Scenarios</a><a href="/pages/map">Facilities map</a>
  <a href="/docs">API docs</a></nav>"""


def page_shell(
    title: str,
    body: str,
    script: str,
    *,
    heading: str,
    css: str = "",
    header: str = "",
) -> str:
    """A whole page: ``title`` in the tab, ``heading`` (``<h1 id="page-title">``) and
    ``header`` (extra header markup) beside the navigation, then ``body`` in ``<main>``
    and ``script`` in one inline ``<script>``; ``css`` follows :data:`BASE_CSS`."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{title}</title>\n<style>{BASE_CSS}{css}</style>\n</head>\n<body>\n"
        f'<header>\n  <h1 id="page-title">{heading}</h1>\n{header}  {NAV}\n</header>\n'
        f"<main>\n{body}\n</main>\n<script>\n{script}\n</script>\n</body>\n</html>\n"
    )

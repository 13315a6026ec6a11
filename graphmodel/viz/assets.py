"""The vis-network JavaScript and CSS that every page carries inline.

This is the only module that knows about pyvis: it borrows the vis-network
build pyvis 0.3.2 ships in ``pyvis/lib/vis-9.1.2``. It locates the package
without importing it, because importing pyvis pulls in IPython. If pyvis is
ever dropped, vendor those two files and change :func:`vis_network_dir`.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Final

from graphmodel.errors import SupplynetError

__all__ = ["VIS_NETWORK_VERSION", "vis_network_assets", "vis_network_dir"]

VIS_NETWORK_VERSION: Final = "9.1.2"

# A source map comment makes developer tools request a file that is not there.
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)


def vis_network_dir() -> Path:
    """The directory holding ``vis-network.min.js`` and ``vis-network.css``.

    Examples
    --------
    >>> (vis_network_dir() / "vis-network.min.js").is_file()
    True
    """
    spec = importlib.util.find_spec("pyvis")
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise SupplynetError("pyvis is not installed; the views need its vis-network files.")
    return Path(locations[0]) / "lib" / f"vis-{VIS_NETWORK_VERSION}"


@lru_cache(maxsize=1)
def vis_network_assets() -> tuple[str, str]:
    """Return ``(javascript, css)`` of vis-network, ready to inline in a page."""
    folder = vis_network_dir()
    try:
        js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
        css = (folder / "vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise SupplynetError(f"Cannot read vis-network from {folder}: {exc.strerror}.") from None
    js = _SOURCE_MAP.sub("", js)
    # Inline text must not close its own element early.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css

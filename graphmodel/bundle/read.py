"""Reading a bundle's files into raw tables: a folder, a .zip of one, or a JSON document.

Nothing here knows column types; it only turns bytes into rows of present
cells with their positions (CSV physical line, header = line 1; JSON array
index + 1), and collects every problem it meets on the way.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Final

from graphmodel.bundle.cells import unescape_text
from graphmodel.errors import BundleError, Problem
from graphmodel.schema import TABLES

__all__ = [
    "FORMAT",
    "MAX_ENTRIES",
    "MAX_UNCOMPRESSED",
    "RawTable",
    "known_files",
    "read_bytes_source",
    "read_path_source",
]

#: The value of ``"format"`` in a JSON bundle.
FORMAT: Final = "supplynet-bundle/1"
#: Zip guards: at most this many entries and this many uncompressed bytes.
MAX_ENTRIES: Final = 200
MAX_UNCOMPRESSED: Final = 1024 * 1024 * 1024

_TABLE_NAMES: Final = tuple(t.name for t in TABLES)


def known_files() -> str:
    """The file names a bundle folder may hold, for messages."""
    return ", ".join(t.filename for t in TABLES)


@dataclass
class RawTable:
    """The rows of one table as read, before any typing.

    ``rows`` hold only present cells (an empty CSV cell, a JSON ``null`` or
    ``""`` is absent); ``lines[i]`` is where ``rows[i]`` is in ``file``.
    """

    name: str
    file: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    #: Line of the header (CSV), or None when there is no header (JSON).
    header_line: int | None = 1


def _decode(data: bytes, file: str, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(file, line, None, f"the file is not UTF-8 (byte {exc.start}); save it as UTF-8")
        )
        return None


def parse_csv(name: str, data: bytes, problems: list[Problem]) -> RawTable | None:
    """Parse one CSV file; header row first, blank lines skipped."""
    file = f"{name}.csv"
    text = _decode(data, file, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(Problem(file, 1, None, f"malformed CSV header: {exc}"))
        return None
    if not header:
        problems.append(Problem(file, 1, None, "the file is empty; it needs a header row"))
        return None
    ok = True
    for i, col in enumerate(header):
        if not col:
            problems.append(Problem(file, 1, None, f"header field {i + 1} is empty"))
            ok = False
        elif header.index(col) != i:
            problems.append(Problem(file, 1, col, "the column appears twice in the header"))
            ok = False
    if not ok:
        return None
    raw = RawTable(name, file, list(header))
    width = len(header)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(file, start, None, f"malformed CSV: {exc}"))
            break
        if not record or (len(record) == 1 and record[0] == "" and width > 1):
            continue
        if len(record) != width:
            problems.append(
                Problem(
                    file,
                    start,
                    None,
                    f"the row has {len(record)} fields but the header has {width}",
                )
            )
            continue
        # One leading quote is the export's guard against formula injection
        # (graphmodel.bundle.cells): the value is what follows it.
        cells = (unescape_text(v) for v in record)
        raw.rows.append({k: v for k, v in zip(header, cells, strict=True) if v != ""})
        raw.lines.append(start)
    return raw


def _json_cell(value: Any) -> bool:
    if isinstance(value, str | int | float | bool):
        return True
    return isinstance(value, list) and all(isinstance(v, str | int | float | bool) for v in value)


def _second_line(text: str, key: str) -> int | None:
    """The line of the second ``"key":`` in ``text`` (where a duplicate key is)."""
    import re

    hits = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return text.count("\n", 0, hits[1]) + 1 if len(hits) > 1 else None


def parse_json(data: bytes, filename: str, problems: list[Problem]) -> dict[str, RawTable]:
    """Parse a JSON bundle: an object with ``"format"`` and one array per table."""
    text = _decode(data, filename, problems)
    if text is None:
        return {}
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        doc = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(filename, exc.lineno, None, f"invalid JSON: {exc.msg} (character {exc.colno})")
        )
        return {}
    except RecursionError:
        problems.append(
            Problem(
                filename,
                None,
                None,
                "the JSON is nested too deeply to read (a bundle is an object of arrays of "
                "flat objects)",
            )
        )
        return {}
    if duplicates:
        for key in dict.fromkeys(duplicates):
            problems.append(
                Problem(filename, _second_line(text, key), key, f"the key {key!r} appears twice")
            )
        return {}
    if not isinstance(doc, dict):
        problems.append(
            Problem(
                filename, None, None, f"a JSON bundle must be an object, not {type(doc).__name__}"
            )
        )
        return {}
    if doc.get("format") != FORMAT:
        problems.append(
            Problem(
                filename, None, "format", f'"format" must be "{FORMAT}", got {doc.get("format")!r}'
            )
        )
    tables: dict[str, RawTable] = {}
    for key, value in doc.items():
        if key == "format":
            continue
        if key not in _TABLE_NAMES:
            problems.append(
                Problem(
                    filename,
                    None,
                    key,
                    f"unknown table {key!r}; known tables are: {', '.join(_TABLE_NAMES)}",
                )
            )
            continue
        if not isinstance(value, list):
            problems.append(Problem(key, None, None, f'"{key}" must be an array of objects'))
            continue
        raw = RawTable(key, key, [], header_line=None)
        seen: dict[str, None] = {}
        for index, element in enumerate(value):
            if not isinstance(element, dict):
                problems.append(
                    Problem(key, index + 1, None, f"element {index} of the array is not an object")
                )
                continue
            row: dict[str, Any] = {}
            for col, cell in element.items():
                seen.setdefault(col)
                if cell is None or cell == "":
                    continue
                if not _json_cell(cell):
                    problems.append(
                        Problem(
                            key,
                            index + 1,
                            col,
                            "a value must be a string, number, boolean or a list of those",
                        )
                    )
                    continue
                row[col] = cell
            raw.rows.append(row)
            raw.lines.append(index + 1)
        raw.columns = list(seen)
        tables[key] = raw
    return tables


def _hidden(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _documentation(name: str) -> bool:
    # A README or notes next to the tables is documentation, not a table.
    p = PurePosixPath(name)
    return len(p.parts) == 1 and (
        p.suffix.lower() == ".md" or p.name.upper().startswith(("README", "LICENSE"))
    )


def parse_files(files: dict[str, bytes], problems: list[Problem]) -> dict[str, RawTable]:
    """Parse the files of a bundle folder, keyed by their path inside the folder."""
    tables: dict[str, RawTable] = {}
    for name in sorted(files):
        if _hidden(name) or _documentation(name):
            continue
        stem = name[: -len(".csv")] if name.endswith(".csv") else None
        if stem is None or stem not in _TABLE_NAMES:
            problems.append(
                Problem(name, None, None, f"unknown file; known files are: {known_files()}")
            )
            continue
        raw = parse_csv(stem, files[name], problems)
        if raw is not None:
            tables[stem] = raw
    return tables


def _folder_files(path: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for entry in sorted(path.iterdir()):
        if entry.name.startswith("."):
            continue
        # A sub-folder is reported as an unknown file by parse_files.
        files[entry.name + ("/" if entry.is_dir() else "")] = (
            entry.read_bytes() if entry.is_file() else b""
        )
    return files


def _zip_files(zf: zipfile.ZipFile, source: str, max_bytes: int) -> dict[str, bytes]:
    if len(zf.infolist()) > MAX_ENTRIES:
        raise BundleError(f"{source} has more than {MAX_ENTRIES} entries; refusing it")
    for info in zf.infolist():
        p = PurePosixPath(info.filename)
        if p.is_absolute() or ".." in p.parts or "\\" in info.filename or ":" in info.filename:
            raise BundleError(f"{source} holds an unsafe path {info.filename!r}; refusing it")
    infos = [i for i in zf.infolist() if not i.is_dir() and not _hidden(i.filename)]
    # A zip of a folder holds one top-level folder: look inside it.
    tops = {PurePosixPath(i.filename).parts[0] for i in infos}
    strip = len(tops) == 1 and all(len(PurePosixPath(i.filename).parts) > 1 for i in infos)
    files: dict[str, bytes] = {}
    total = 0
    for info in infos:
        name = "/".join(
            PurePosixPath(info.filename).parts[1:] if strip else PurePosixPath(info.filename).parts
        )
        if _documentation(name):
            continue  # never decompressed
        if not (name.endswith(".csv") and name[: -len(".csv")] in _TABLE_NAMES):
            files[name] = b""  # reported as an unknown file; never decompressed
            continue
        # Checked before reading: the declared size of this entry, then what it really holds.
        if total + info.file_size > max_bytes:
            raise BundleError(f"{source} unpacks to more than {max_bytes:,} bytes; refusing it")
        with zf.open(info) as fh:
            # The declared size may lie; never read more than the guard allows.
            data = fh.read(max_bytes - total + 1)
        total += len(data)
        if total > max_bytes:
            raise BundleError(f"{source} unpacks to more than {max_bytes:,} bytes; refusing it")
        files[name] = data
    return files


def _read_zip(opener: Any, source: str, max_bytes: int) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(opener) as zf:
            return _zip_files(zf, source, max_bytes)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise BundleError(f"{source} is not a readable zip file: {exc}") from exc
    except NotImplementedError as exc:
        raise BundleError(f"{source} uses an unsupported zip feature: {exc}") from exc


def read_path_source(path: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read a bundle folder, ``.zip`` or ``.json`` file from disk."""
    problems: list[Problem] = []
    if not path.exists():
        raise BundleError(f"No bundle at {path}: the path does not exist")
    if path.is_dir():
        return parse_files(_folder_files(path), problems), problems
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return parse_files(_read_zip(path, path.name, MAX_UNCOMPRESSED), problems), problems
    if suffix == ".json":
        return parse_json(path.read_bytes(), path.name, problems), problems
    raise BundleError(f"{path} is not a bundle: expected a folder, a .zip or a .json file")


def read_bytes_source(
    data: bytes, filename: str, max_bytes: int = MAX_UNCOMPRESSED
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read an uploaded bundle (zip or JSON) from memory."""
    problems: list[Problem] = []
    name = PurePosixPath(filename or "upload").name
    if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        return parse_files(_read_zip(io.BytesIO(data), name, max_bytes), problems), problems
    if name.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"["):
        return parse_json(data, name, problems), problems
    raise BundleError(f"{name} is not a bundle: upload a .zip of CSV files or a .json document")

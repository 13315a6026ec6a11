"""Imports and exports of bundles (zip of CSVs, or the JSON form)."""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import EditorKey, StateDep
from api.limits import BodyLimitExceeded
from api.models import ImportReportPublic, SourceImportPublic
from api.problems import problem_responses
from api.state import AppState
from graphmodel.errors import BundleError, SupplynetError, ValidationFailed
from graphmodel.store.base import GraphStore

__all__ = ["router"]

router = APIRouter(tags=["bundles"], responses=problem_responses(400, 401, 403, 422, 500, 503))

_ZIP_TYPES = ("application/zip", "application/x-zip-compressed")

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "description": "A bundle: a zip of CSV files, or the JSON form.",
        "content": {
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
            "application/json": {"schema": {"type": "object"}},
        },
    }
}


async def _read_body(request: Request, limit: int) -> bytes:
    size = request.headers.get("content-length")
    if size and size.isdigit() and int(size) > limit:
        raise BodyLimitExceeded(limit)
    chunks: list[bytes] = []
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise BodyLimitExceeded(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _filename(content_type: str, data: bytes) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media in _ZIP_TYPES or data[:4] == b"PK\x03\x04":
        return "upload.zip"
    if media.endswith("json") or data.lstrip()[:1] in (b"{", b"["):
        return "upload.json"
    raise BundleError(
        "The upload is neither a zip of CSV files nor a JSON bundle; send it with "
        "Content-Type application/zip or application/json."
    )


def _report(report: Any, replace: bool) -> dict[str, Any]:
    raw: dict[str, Any] = (
        asdict(report)
        if is_dataclass(report) and not isinstance(report, type)
        else dict(getattr(report, "__dict__", {}))
    )
    return {
        "replace": replace,
        # Rows per bundle table: ``tables`` in graphmodel.load's LoadReport.
        "counts": {
            str(k): int(v) for k, v in (raw.get("tables") or raw.get("counts") or {}).items()
        },
        "nodes": raw.get("nodes"),
        "relationships": raw.get("relationships"),
        "seconds": raw.get("seconds"),
    }


def _snapshot(state: AppState, bundle: Any, source: str, replace: bool) -> dict[str, Any]:
    """Keep the completed load as a snapshot (its analysis), to diff against other runs."""
    from graphmodel.runs import bundle_digest, snapshot_load

    settings = state.settings
    try:
        _, kept = snapshot_load(
            state.store,
            settings.data_dir,
            source=source,
            counts=bundle.count(),
            digest=bundle_digest(bundle.tables),
            replace=replace,
            actor="api",
            webhook_url=settings.webhook_url,
            webhook_timeout_s=settings.webhook_timeout_s,
            keep_runs=settings.keep_runs,
        )
    except SupplynetError as exc:
        # The load is complete and stays; only its snapshot is missing, and the answer says so.
        return {"error": f"the analysis of the load failed: {exc.message}"}
    return {"id": kept["id"], "previous": kept["previous"], "summary": kept["summary"]}


def _import(
    state: AppState,
    data: bytes,
    filename: str,
    replace: bool,
    require_items: bool = True,
    label: str | None = None,
) -> dict[str, Any]:
    from graphmodel.bundle import read_bundle_bytes
    from graphmodel.load import known_ids

    with state.write_lock:
        # One pass finds every problem: fields, and references to this bundle, the
        # reference countries and (unless replacing) the nodes already in the graph.
        known = None if replace else known_ids(state.store)
        bundle = read_bundle_bytes(
            data, filename, references=True, known=known, require_items=require_items
        )
        from graphmodel.load import load_bundle

        t0 = time.perf_counter()
        report = load_bundle(state.store, bundle, replace=replace)
        from graphmodel.runs import record_load

        record_load(state.settings.data_dir, filename, bundle.count())
        snapshot = (
            _snapshot(state, bundle, label or filename, replace)
            if state.settings.snapshot_loads
            else None
        )
    out = _report(report, replace)
    out["snapshot"] = snapshot
    if out["seconds"] is None:
        out["seconds"] = round(time.perf_counter() - t0, 3)
    return out


@router.post(
    "/imports",
    response_model=ImportReportPublic,
    summary="Import a bundle (editor)",
    openapi_extra=_UPLOAD_BODY,
    responses=problem_responses(413),
)
async def import_bundle(
    request: Request,
    state: StateDep,
    principal: EditorKey,
    replace: Annotated[bool, Query(description="Empty the graph first")] = False,
) -> dict[str, Any]:
    """Validate and load a bundle. On any problem nothing is written, and the 422
    response lists every problem with its file, line and column."""
    limit = state.settings.max_upload_bytes
    try:
        data = await _read_body(request, limit)
        filename = _filename(request.headers.get("content-type", ""), data)
        result = await run_in_threadpool(_import, state, data, filename, replace)
    except ValidationFailed as exc:
        state.audit.record(
            principal.key_id,
            "import",
            "bundle",
            "rejected",
            {"problems": len(exc.problems), "replace": replace},
        )
        raise
    except (SupplynetError, BodyLimitExceeded) as exc:
        message = exc.message if isinstance(exc, SupplynetError) else str(exc.detail)
        state.audit.record(principal.key_id, "import", "bundle", "rejected", {"error": message})
        raise
    except Exception:
        state.audit.record(principal.key_id, "import", "bundle", "error", {"replace": replace})
        raise
    state.audit.record(
        principal.key_id,
        "import",
        "bundle",
        "ok",
        {"replace": replace, "bytes": len(data), "counts": result["counts"]},
    )
    return result


_SOURCE_BODY = {
    "requestBody": {
        "required": True,
        "description": "The file to import as the raw body (name it with ?filename=), or "
        "several files as multipart/form-data fields named file.",
        "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                }
            },
        },
    }
}


async def _source_files(request: Request, limit: int, filename: str) -> list[tuple[str, bytes]]:
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > limit:
            raise BodyLimitExceeded(limit)
        form = await request.form()
        files: list[tuple[str, bytes]] = []
        for part in form.getlist("file"):
            if isinstance(part, str):
                continue
            files.append((part.filename or "upload", await part.read()))
        return files
    return [(filename, await _read_body(request, limit))]


def _import_source(
    state: AppState,
    kind: str,
    files: list[tuple[str, bytes]],
    replace: bool,
    retrieved_on: str | None,
    qualified: bool,
) -> dict[str, Any]:
    from graphmodel.importers import Source, bundle_bytes, graph_organisations, run_import

    # A GLEIF relationship may name an organisation the graph already holds.
    known = None
    if kind == "gleif" and not replace:
        known = graph_organisations(state.store)
    result = run_import(
        kind,
        [Source.from_bytes(name, data) for name, data in files],
        retrieved_on=retrieved_on,
        qualified=qualified,
        known=known,
    )
    # The converted bundle goes through the very path POST /v1/imports uses.
    label = f"{kind}: {', '.join(name for name, _ in files)}"
    out = _import(
        state, bundle_bytes(result), f"{kind}.json", replace, require_items=False, label=label
    )
    warnings = [w.as_dict() for w in result.warnings]
    return {**out, "kind": kind, "notes": result.notes, "warnings": warnings}


@router.post(
    "/imports/{kind}",
    response_model=SourceImportPublic,
    summary="Import GLEIF, OpenSanctions/FtM, CycloneDX or supplier-list files (editor)",
    openapi_extra=_SOURCE_BODY,
    responses=problem_responses(404, 413),
)
async def import_source(
    request: Request,
    state: StateDep,
    principal: EditorKey,
    kind: Literal["gleif", "ftm", "cyclonedx", "suppliers"],
    filename: Annotated[
        str, Query(min_length=1, max_length=200, description="Name of the raw-body file")
    ] = "upload",
    replace: Annotated[bool, Query(description="Empty the graph first")] = False,
    retrieved_on: Annotated[
        str | None,
        Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="When the files were downloaded"),
    ] = None,
    qualified: Annotated[
        bool, Query(description="cyclonedx: mark suppliers and manufacturers qualified")
    ] = False,
) -> dict[str, Any]:
    """Convert the files with the importer for ``kind`` and load the result as a bundle.
    On any problem nothing is written, and the 422 response lists every problem with
    its file, line and column."""
    limit = state.settings.max_upload_bytes
    try:
        files = await _source_files(request, limit, filename)
        result = await run_in_threadpool(
            _import_source, state, kind, files, replace, retrieved_on, qualified
        )
    except ValidationFailed as exc:
        state.audit.record(
            principal.key_id, "import", kind, "rejected", {"problems": len(exc.problems)}
        )
        raise
    except (SupplynetError, BodyLimitExceeded) as exc:
        message = exc.message if isinstance(exc, SupplynetError) else str(exc.detail)
        state.audit.record(principal.key_id, "import", kind, "rejected", {"error": message})
        raise
    except Exception:
        state.audit.record(principal.key_id, "import", kind, "error", {"replace": replace})
        raise
    state.audit.record(
        principal.key_id,
        "import",
        kind,
        "ok",
        {"files": [n for n, _ in files], "counts": result["counts"]},
    )
    return result


def _export_files(store: GraphStore, directory: Path, fmt: Literal["csv", "json"]) -> None:
    try:
        from graphmodel.export import export_bundle
    except ImportError:  # older layout: tables, then the bundle writer
        from graphmodel.bundle import write_bundle
        from graphmodel.export import export_tables

        write_bundle(export_tables(store), directory, fmt=fmt)
        return
    export_bundle(store, directory, fmt=fmt)


def _export(store: GraphStore, fmt: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="supplynet-export-") as tmp:
        directory = Path(tmp) / "bundle"
        _export_files(store, directory, "csv" if fmt == "zip" else "json")
        files = sorted(p for p in directory.rglob("*") if p.is_file())
        if fmt == "json":
            json_files = [p for p in files if p.suffix == ".json"]
            if len(json_files) != 1:
                raise SupplynetError("The exporter did not write exactly one JSON bundle file.")
            return json_files[0].read_bytes()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in files:
                zf.write(p, p.relative_to(directory).as_posix())
        return buf.getvalue()


@router.get(
    "/exports",
    summary="Export the graph as a bundle",
    response_class=Response,
    responses={
        200: {
            "description": "The bundle",
            "content": {
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
)
def export_graph(
    state: StateDep,
    format: Annotated[
        Literal["zip", "json"], Query(description="zip of CSV files, or the JSON form")
    ] = "zip",
) -> Response:
    """The whole graph as a bundle that ``POST /v1/imports`` (or ``supplynet load``) reads."""
    data = _export(state.store, format)
    if format == "json":
        return Response(data, media_type="application/json")
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="supplynet-bundle.zip"'},
    )

"""Import throughput for a generated GLEIF golden-copy-shaped Level 1 CSV.

Usage::

    .venv/bin/python benchmarks/gleif_import_benchmark.py --records 1000000

Writes a CSV with the golden copy's column names (LEI-CDF 3.1 fields as GLEIF
publishes them, 30 columns), valid LEIs (ISO 7064 check digits), one in three
records with another name and one with a transliterated name, one in fifty
duplicated with an older update, then times the steps ``supplynet import gleif
FILE`` runs: the importer, writing the bundle, reading it back (validation),
and loading it into a fresh embedded store. Names are synthetic ("Entity 123
Ltd"). Prints Markdown.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import tempfile
import time
from pathlib import Path

from graphmodel.bundle import read_bundle
from graphmodel.importers import Source, run_import, write_import
from graphmodel.load import load_bundle, load_reference
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore

HEADER = [
    "LEI", "Entity.LegalName", "Entity.LegalName.xmllang",
    "Entity.OtherEntityNames.OtherEntityName.1",
    "Entity.OtherEntityNames.OtherEntityName.1.xmllang",
    "Entity.OtherEntityNames.OtherEntityName.1.type",
    "Entity.TransliteratedOtherEntityNames.TransliteratedOtherEntityName.1",
    "Entity.TransliteratedOtherEntityNames.TransliteratedOtherEntityName.1.xmllang",
    "Entity.TransliteratedOtherEntityNames.TransliteratedOtherEntityName.1.type",
    "Entity.LegalAddress.FirstAddressLine", "Entity.LegalAddress.City",
    "Entity.LegalAddress.Region", "Entity.LegalAddress.Country", "Entity.LegalAddress.PostalCode",
    "Entity.HeadquartersAddress.FirstAddressLine", "Entity.HeadquartersAddress.City",
    "Entity.HeadquartersAddress.Country", "Entity.HeadquartersAddress.PostalCode",
    "Entity.RegistrationAuthority.RegistrationAuthorityID",
    "Entity.RegistrationAuthority.RegistrationAuthorityEntityID", "Entity.LegalJurisdiction",
    "Entity.EntityCategory", "Entity.LegalForm.EntityLegalFormCode", "Entity.EntityStatus",
    "Registration.InitialRegistrationDate", "Registration.LastUpdateDate",
    "Registration.RegistrationStatus", "Registration.NextRenewalDate", "Registration.ManagingLOU",
    "Registration.ValidationSources",
]  # fmt: skip
COUNTRIES = ["DE", "FR", "GB", "US", "IT", "ES", "NL", "SE", "NO", "PL", "JP", "CN", "CH", "CA"]
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def lei(n: int) -> str:
    base = f"5299{n:014d}"
    digits = int("".join(str(int(c, 36)) for c in base + "00"))
    return base + f"{98 - digits % 97:02d}"


def generate(path: Path, records: int, seed: int = 0) -> int:
    """Write the file; returns the number of rows (records plus duplicates)."""
    rng = random.Random(seed)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(HEADER)
        for i in range(records):
            country = rng.choice(COUNTRIES)
            other = f"Entity {i} Trading" if i % 3 == 0 else ""
            translit = f"ENTITY {i} LIMITED" if i % 5 == 0 else ""
            row = [
                lei(i), f"Entity {i} Ltd", "en",
                other, "en" if other else "", "TRADING_OR_OPERATING_NAME" if other else "",
                translit, "en" if translit else "",
                "PREFERRED_ASCII_TRANSLITERATED_LEGAL_NAME" if translit else "",
                f"{i % 500} Example Street", f"City {i % 997}", "", country, f"{i % 99999:05d}",
                f"{i % 500} Example Street", f"City {i % 997}", country, f"{i % 99999:05d}",
                "RA000000", f"REG{i}", country, "GENERAL", "XXXX",
                "ACTIVE" if i % 17 else "INACTIVE",
                "2015-01-01T00:00:00Z", "2025-06-01T00:00:00Z", "ISSUED",
                "2026-06-01T00:00:00Z", "5299000J2N45DDNE4Y28", "FULLY_CORROBORATED",
            ]  # fmt: skip
            w.writerow(row)
            rows += 1
            if i % 50 == 0:
                old = list(row)
                old[HEADER.index("Registration.LastUpdateDate")] = "2019-01-01T00:00:00Z"
                old[HEADER.index("Entity.EntityStatus")] = "INACTIVE"
                w.writerow(old)
                rows += 1
    return rows


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--no-load", action="store_true", help="Skip loading into the store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="supplynet-gleif-") as tmp:
        root = Path(tmp)
        src = root / "golden-copy.csv"
        t0 = time.perf_counter()
        rows = generate(src, args.records)
        gen_s = time.perf_counter() - t0
        size_mb = src.stat().st_size / 1e6
        steps: list[tuple[str, float]] = []
        t = time.perf_counter()
        result = run_import("gleif", [Source.from_path(src)], retrieved_on="2026-12-01")
        steps.append(("importer (parse, check LEIs, merge duplicates)", time.perf_counter() - t))
        orgs = len(result.tables["organisations"])
        t = time.perf_counter()
        write_import(result, root / "bundle")
        steps.append(("write the bundle", time.perf_counter() - t))
        del result
        t = time.perf_counter()
        bundle = read_bundle(root / "bundle", require_items=False)
        steps.append(("read and validate the bundle", time.perf_counter() - t))
        if not args.no_load:
            server = EmbeddedServer(root / "store")
            server.start()
            try:
                store = FalkorDBStore(root / "store", graph="gleif_benchmark")
                store.ensure_schema()
                load_reference(store)
                t = time.perf_counter()
                load_bundle(store, bundle)
                steps.append(("load into the embedded store", time.perf_counter() - t))
                store.close()
            finally:
                server.stop()
    total = sum(s for _, s in steps)
    print(
        f"{rows:,} rows ({args.records:,} records + {rows - args.records:,} duplicates), "
        f"{size_mb:,.0f} MB, generated in {gen_s:.1f} s (not counted); "
        f"{orgs:,} organisations\n"
    )
    print("| step | s | rows/s |")
    print("|---|---|---|")
    for name, s in steps:
        print(f"| {name} | {s:.1f} | {rows / s:,.0f} |")
    print(f"| **total** | **{total:.1f}** | **{rows / total:,.0f}** |")
    print(f"\npeak RSS of this process: {_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()

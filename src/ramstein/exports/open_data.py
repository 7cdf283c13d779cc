"""The open-data exports as files: OCDS release package, Kiel-tracker CSV, Frictionless data package (zip).

Each is made from one public snapshot (public.py) and carries the time of the last change it reflects,
the event log's head it was made from, and its SHA-256. `OpenDataCache` keeps the latest files per
log head, so a download page and repeated downloads do not rebuild them until the ledger changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from ramstein.errors import ValidationError
from ramstein.exports import ocds
from ramstein.exports.datapackage import cell, write_datapackage
from ramstein.exports.kiel_tracker import KIEL_FIELDS, kiel_tracker_rows
from ramstein.exports.public import load_public_data
from ramstein.exports.records import PublicData
from ramstein.exports.repository import latest_checkpoint, log_head


@dataclass(frozen=True)
class OpenDataFile:
    name: str  # ocds, kiel-tracker, datapackage
    filename: str
    media_type: str
    content: bytes
    as_of: dt.datetime
    log_seq: int
    log_hash: str
    checkpoint: dict[str, object] | None  # the signed checkpoint of the log at or before log_seq

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


EXPORTS = {
    "ocds": ("ramstein-ocds.json", "application/json", "OCDS 1.1 release package: packages, awards, "
                                                       "contracts, deliveries, payments"),
    "kiel-tracker": ("ramstein-kiel-tracker.csv", "text/csv; charset=utf-8",
                     "released pledges in the Kiel Ukraine Support Tracker's column layout"),
    "datapackage": ("ramstein-datapackage.zip", "application/zip",
                    "Frictionless data package: every public table as CSV with datapackage.json"),
}


def kiel_tracker_csv(data: PublicData) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    names = [f[0] for f in KIEL_FIELDS]
    writer.writerow(names)
    writer.writerows([cell(row[n]) for n in names] for row in kiel_tracker_rows(data))
    return out.getvalue().encode("utf-8")


def datapackage_zip(data: PublicData) -> bytes:
    """The data package's files in one zip, dated as of the data (the same ledger gives the same bytes)."""
    stamp = data.as_of.timetuple()[:6]
    out = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in write_datapackage(data, Path(folder)):
            info = zipfile.ZipInfo(f"ramstein-datapackage/{path.name}", date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return out.getvalue()


def render(name: str, data: PublicData, *, ocid_prefix: str = ocds.DEFAULT_OCID_PREFIX,
           uri: str | None = None) -> OpenDataFile:
    if name not in EXPORTS:
        raise ValidationError(f"unknown open-data export {name!r}; one of {', '.join(EXPORTS)}", field="export")
    makers: dict[str, Callable[[], bytes]] = {
        "ocds": lambda: ocds.dumps(ocds.release_package(data, ocid_prefix, uri)).encode("utf-8"),
        "kiel-tracker": lambda: kiel_tracker_csv(data),
        "datapackage": lambda: datapackage_zip(data),
    }
    filename, media_type, _ = EXPORTS[name]
    return OpenDataFile(name, filename, media_type, makers[name](), data.as_of, data.log_seq, data.log_hash,
                        data.checkpoint)


class OpenDataCache:
    """The latest public snapshot and files, rebuilt when the event log's head moves (any change)."""

    def __init__(self, ocid_prefix: str = ocds.DEFAULT_OCID_PREFIX) -> None:
        self.ocid_prefix = ocid_prefix
        self._lock = threading.Lock()
        self._seq: int | None = None
        self._files: dict[str, OpenDataFile] = {}
        self._data: PublicData | None = None

    def get(self, session: Session, name: str) -> OpenDataFile:
        if name not in EXPORTS:
            raise ValidationError(f"unknown open-data export {name!r}; one of {', '.join(EXPORTS)}", field="export")
        head = log_head(session)
        seq = head[0] if head else 0
        with self._lock:
            if seq != self._seq:
                self._seq, self._files, self._data = seq, {}, load_public_data(session)
            if name not in self._files:
                assert self._data is not None
                self._files[name] = render(name, self._data, ocid_prefix=self.ocid_prefix)
            made = self._files[name]
        # a checkpoint signed since (it adds no event) is named without remaking the file
        return replace(made, checkpoint=latest_checkpoint(session, seq))

    def all(self, session: Session) -> list[OpenDataFile]:
        return [self.get(session, name) for name in EXPORTS]


"""The server's settings (`compliance serve` options) with their defaults and the reason for each."""

from __future__ import annotations

import ipaddress

from compliance.records import Record

DEFAULT_HOST = "127.0.0.1"  # only this machine, unless told otherwise
DEFAULT_PORT = 8000
# A report is 40 KB–5 MB as .docx; 20 MB leaves room for pasted images. The reader itself refuses
# files over 50 MB whatever this says, so the option is capped there.
DEFAULT_MAX_UPLOAD_MB = 20
MAX_UPLOAD_MB_CAP = 50
# Thirty reports a year for a county's reviewer; 50 leaves room without inviting abuse.
DEFAULT_MAX_FILES = 50
# Everything one request may send. The thirty reports of a year fit many times over, and it bounds
# the memory one request can take (uploads are held in memory while they are checked).
DEFAULT_MAX_REQUEST_MB = 200
# Results behind the download buttons: long enough to read the page and click, short enough that
# nothing lingers. 0 keeps nothing (the downloads are then built into the page).
DEFAULT_KEEP_MINUTES = 10
# One request's time limit. A .docx takes milliseconds; a .doc through LibreOffice 1–3 s, a cold
# first start a few more; thirty .doc on two workers fit well within it.
DEFAULT_TIME_LIMIT = 120
# Memory the kept results may take in all; the oldest go first beyond it.
DEFAULT_STORE_MB = 256
PASSWORD_ENV = "COMPLIANCE_WEB_PASSWORD"


class WebSettings(Record, frozen=True):
    """How the server runs. `workers` None: one check process per CPU."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    max_files: int = DEFAULT_MAX_FILES
    max_request_mb: int = DEFAULT_MAX_REQUEST_MB
    workers: int | None = None
    keep_minutes: float = DEFAULT_KEEP_MINUTES
    time_limit: float = DEFAULT_TIME_LIMIT
    password: str | None = None
    store_mb: int = DEFAULT_STORE_MB

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def max_request_bytes(self) -> int:
        return self.max_request_mb * 1024 * 1024

    @property
    def keep_seconds(self) -> float:
        return self.keep_minutes * 60


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False

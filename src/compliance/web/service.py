"""One request's work: check the uploads in the worker pool under the request's deadline, build the
downloads, keep the result for the download buttons. Logs counts and timings only, never names."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

from compliance.records import Record
from compliance.web import pipeline
from compliance.web.downloads import DOCX, Download, annotatable, report_download
from compliance.web.pipeline import DocumentReport
from compliance.web.settings import WebSettings
from compliance.web.store import ResultStore
from compliance.web.uploads import Refused, Upload
from compliance.web.workers import Timeout, WorkerDied, Workers

log = logging.getLogger("compliance.web")
DIED = "检查进程异常退出，请单独检查此文件"


def timed_out(seconds: float) -> str:
    return (
        f"检查超时（超过 {seconds:g} 秒仍未完成），请稍后重试；.doc/.wps 文件可先用 Word 另存为 .docx 再上传"
    )


class Refusal(Exception):
    """A file could not be made (annotated copy, template); the message says why, in Chinese."""


class Checked(Record, frozen=True):
    """A request's results: one document per upload, in order, and what is needed to annotate."""

    documents: tuple[DocumentReport, ...]
    uploads: tuple[Upload | Refused, ...]
    profile: str | None

    @property
    def size(self) -> int:
        """Roughly the memory this takes: the uploads dominate."""
        return sum(len(u.data) for u in self.uploads if isinstance(u, Upload)) + 4096 * len(self.documents)

    def upload(self, index: int) -> Upload | None:
        item = self.uploads[index] if 0 <= index < len(self.uploads) else None
        return item if isinstance(item, Upload) else None


class Service:
    """The checks, annotations and templates of the web app, run in the worker pool."""

    def __init__(self, settings: WebSettings, workers: Workers) -> None:
        self.settings = settings
        self.workers = workers
        self.store: ResultStore[Checked] = ResultStore(settings.keep_seconds, settings.store_mb * 1024 * 1024)

    def deadline(self) -> float:
        return asyncio.get_running_loop().time() + self.settings.time_limit

    async def _check_one(
        self, item: Upload | Refused, profile: str | None, deadline: float, previous: Upload | None = None
    ) -> DocumentReport:
        if isinstance(item, Refused):
            return pipeline.unreadable(item.name, item.cause)
        slow = pipeline.slow_kind(item.name, item.data)
        try:
            return await self.workers.run(
                pipeline.check_upload,
                item.name,
                item.data,
                profile,
                (previous.name, previous.data) if previous else None,
                slow=slow,
                deadline=deadline,
            )
        except Timeout:
            return pipeline.unreadable(item.name, timed_out(self.settings.time_limit))
        except WorkerDied:
            return pipeline.unreadable(item.name, DIED)

    async def check(
        self, items: Sequence[Upload | Refused], profile: str | None, previous: Upload | None = None
    ) -> Checked:
        """Check every upload in parallel (each traced against `previous`, last year's report, when
        given); refused, unreadable and timed-out files are error rows."""
        started = time.perf_counter()
        deadline = self.deadline()
        documents = await asyncio.gather(*(self._check_one(i, profile, deadline, previous) for i in items))
        unreadable = sum(1 for d in documents if d.error)
        log.info(
            "check: %d file(s), %d unreadable, %.3f s", len(items), unreadable, time.perf_counter() - started
        )
        return Checked(tuple(documents), tuple(items), profile)

    def keep(self, checked: Checked) -> str | None:
        """Keep the result for the download buttons; its id, or None when nothing is kept."""
        return self.store.put(checked, checked.size)

    async def annotated(self, upload: Upload, profile: str | None, deadline: float | None = None) -> Download:
        """The commented copy of one .docx. Raises Refusal (why not), Timeout, WorkerDied."""
        started = time.perf_counter()
        made = await self.workers.run(
            pipeline.annotate_upload,
            upload.name,
            upload.data,
            profile,
            deadline=self.deadline() if deadline is None else deadline,
        )
        log.info("annotate: 1 file, %.3f s", time.perf_counter() - started)
        if made.error is not None:
            raise Refusal(made.error)
        return Download(made.name, DOCX, made.data)

    async def all_downloads(self, checked: Checked) -> dict[str, Download]:
        """Every download of a result page, built now (for a server that keeps nothing)."""
        out = {fmt: report_download(checked.documents, fmt) for fmt in ("json", "markdown", "csv")}
        deadline = self.deadline()
        for index, document in enumerate(checked.documents):
            upload = checked.upload(index)
            if upload is not None and annotatable(document):
                try:
                    out[f"annotated-{index}"] = await self.annotated(upload, document.profile, deadline)
                except (Refusal, Timeout, WorkerDied):
                    continue  # the page then shows no button for this file
        return out

    async def template(self, year: int, issuer: str, profile: str) -> Download:
        """The report template for `issuer`'s `year`. Raises Refusal for bad values."""
        made = await self.workers.run(pipeline.template_file, year, issuer, profile, deadline=self.deadline())
        if made.error is not None:
            raise Refusal(made.error)
        return Download(made.name, DOCX, made.data)

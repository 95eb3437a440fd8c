"""The Starlette application: pages (/, /template, /rules, result pages), the JSON API and the
static files. Handlers are thin: read the form, call the service, render or send the result."""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from compliance.web import pipeline
from compliance.web.downloads import (
    REPORT_FORMATS,
    Download,
    annotatable,
    content_disposition,
    report_download,
    report_name,
)
from compliance.web.middleware import BodyLimit, PasswordGate, SecurityHeaders, error_response
from compliance.web.render import page, trusted
from compliance.web.service import Checked, Refusal, Service
from compliance.web.settings import WebSettings
from compliance.web.uploads import (
    AUTO,
    NO_FILES,
    PROFILE_LABELS,
    Refused,
    Upload,
    display_name,
    parse_profile,
    request_too_large,
    too_large,
    too_many,
)
from compliance.web.workers import Timeout, WorkerDied, Workers

log = logging.getLogger("compliance.web")
MAX_FIELDS = 10  # profile and a few more; a form with more plain fields is not ours
MAX_FIELD_BYTES = 4096  # a profile name or an issuer is a few bytes
STATUS_TEXT = {400: "请求格式不正确", 404: "页面不存在", 405: "不支持此请求方法", 413: "上传的内容过大"}
EXPIRED = "检查结果已过期或不存在（结果最多保留 {minutes} 分钟），请重新上传报告"
SUFFIX_FORMAT = {suffix.lstrip("."): fmt for fmt, (_media, suffix) in REPORT_FORMATS.items()}
REPORT_LABELS = {"json": "下载 JSON", "markdown": "下载 Markdown 差距报告", "csv": "下载 CSV 汇总表（Excel）"}


def service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


def html(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with the values every page shows."""
    settings = service(request).settings
    values: dict[str, Any] = {
        "root": request.scope.get("root_path", ""),
        "version": pipeline.tool_version(),
        "keep_minutes": f"{settings.keep_minutes:g}" if settings.keep_minutes else "",
        "active": "",
        "error": "",
        **context,
    }
    return HTMLResponse(page(name, **values), status)


def send(download: Download) -> Response:
    headers = {"content-disposition": content_disposition(download.name)}
    return Response(download.data, media_type=download.media_type, headers=headers)


async def read_uploads(
    request: Request, *, one: bool = False
) -> tuple[list[Upload | Refused], str | None, Upload | None]:
    """The uploaded files (field `files`, or `file`), the profile and last year's report (optional
    field `previous`); HTTPException 400/413 for a request that is not a valid upload. A file over
    the per-file limit is Refused (413 when `one`)."""
    settings = service(request).settings
    items: list[Upload | Refused] = []
    previous: Upload | None = None
    try:
        async with request.form(
            max_files=settings.max_files, max_fields=MAX_FIELDS, max_part_size=MAX_FIELD_BYTES
        ) as form:
            try:
                profile = parse_profile(_text(form.get("profile")))
            except ValueError as err:
                raise HTTPException(400, str(err)) from None
            for value in [*form.getlist("files"), *form.getlist("file")]:
                if not isinstance(value, UploadFile):
                    raise HTTPException(400, "字段 files 必须是上传的文件（multipart/form-data）")
                if not value.filename and not value.size:
                    continue  # the browser's empty file field
                name = display_name(value.filename, len(items) + 1)
                if value.size is not None and value.size > settings.max_upload_bytes:
                    if one:
                        raise HTTPException(413, f"{name}: {too_large(settings.max_upload_mb)}")
                    items.append(Refused(name, too_large(settings.max_upload_mb)))
                    continue
                items.append(Upload(name, await value.read()))
            last = form.get("previous")
            if isinstance(last, UploadFile) and (last.filename or last.size):
                name = display_name(last.filename, 0)
                if last.size is not None and last.size > settings.max_upload_bytes:
                    raise HTTPException(413, f"{name}: {too_large(settings.max_upload_mb)}")
                previous = Upload(name, await last.read())
    except HTTPException as err:
        if err.status_code == 400 and str(err.detail).startswith("Too many files"):
            raise HTTPException(413, too_many(settings.max_files)) from None
        if err.status_code == 400 and not _chinese(str(err.detail)):
            raise HTTPException(
                400, "上传的请求格式不正确（应为 multipart/form-data，字段名 files）"
            ) from None
        raise
    if not items:
        raise HTTPException(400, NO_FILES)
    if one and len(items) != 1:
        raise HTTPException(400, "请只上传一个文件")
    return items, profile, previous


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def profile_choices() -> list[tuple[str, str]]:
    return [(value, PROFILE_LABELS[value]) for value in (AUTO, *pipeline.PROFILES)]


async def index(request: Request) -> Response:
    settings = service(request).settings
    return html(
        request,
        "index.html",
        active="check",
        accept=",".join(pipeline.REPORT_SUFFIXES),
        suffixes="、".join(pipeline.REPORT_SUFFIXES),
        max_upload_mb=settings.max_upload_mb,
        max_files=settings.max_files,
        profiles=profile_choices(),
        profile=AUTO,
    )


async def check_page(request: Request) -> Response:
    items, profile, previous = await read_uploads(request)
    checked = await service(request).check(items, profile, previous)
    key = service(request).keep(checked)
    if key is not None:
        return RedirectResponse(f"{request.scope.get('root_path', '')}/result/{key}", 303)
    return result_page(request, checked, None, await service(request).all_downloads(checked))


def stored(request: Request) -> tuple[str, Checked]:
    key = request.path_params["key"]
    checked = service(request).store.get(key)
    if checked is None:
        minutes = f"{service(request).settings.keep_minutes:g}"
        raise HTTPException(404, EXPIRED.format(minutes=minutes))
    return key, checked


def result_page(
    request: Request, checked: Checked, key: str | None, downloads: dict[str, Download] | None = None
) -> Response:
    """The result page; download links point at the kept result (`key`) or are data: URLs."""
    documents = checked.documents
    base = f"{request.scope.get('root_path', '')}/result/{key}"

    def href(name: str, path: str) -> str:
        return f"{base}/{path}" if key else downloads[name].data_url() if downloads else ""

    annotated = [
        {
            "href": href(f"annotated-{i}", f"annotated/{i}"),
            "name": pipeline.annotated_name(d.path),
            "label": d.path,
        }
        for i, d in enumerate(documents)
        if annotatable(d) and (key or (downloads and f"annotated-{i}" in downloads))
    ]
    formats = ("json", "markdown", "csv") if len(documents) > 1 else ("json", "markdown")
    reports = [
        {
            "href": href(fmt, f"report{REPORT_FORMATS[fmt][1]}"),
            "name": report_name(documents, REPORT_FORMATS[fmt][1]),
            "label": REPORT_LABELS[fmt],
            "kind": fmt,
        }
        for fmt in formats
    ]
    unreadable = sum(1 for d in documents if d.error)
    passed = sum(1 for d in documents if d.passed)
    settings = service(request).settings
    return html(
        request,
        "result.html",
        active="check",
        total=len(documents),
        passed=passed,
        failed=len(documents) - passed - unreadable,
        unreadable=unreadable,
        several=len(documents) > 1,
        annotated=annotated,
        reports=reports,
        expires=f"{settings.keep_minutes:g}" if key else "",
        body=trusted(pipeline.report_body(documents)),
    )


async def result(request: Request) -> Response:
    key, checked = stored(request)
    return result_page(request, checked, key)


async def result_report(request: Request) -> Response:
    _key, checked = stored(request)
    fmt = SUFFIX_FORMAT.get(request.path_params["suffix"])
    if fmt is None:
        raise HTTPException(404)
    return send(report_download(checked.documents, fmt))


async def result_annotated(request: Request) -> Response:
    _key, checked = stored(request)
    index = request.path_params["index"]
    upload = checked.upload(index)
    if upload is None or not annotatable(checked.documents[index]):
        raise HTTPException(404)
    return send(await annotated(request, upload, checked.documents[index].profile))


async def annotated(request: Request, upload: Upload, profile: str | None) -> Download:
    try:
        return await service(request).annotated(upload, profile)
    except Refusal as err:
        raise HTTPException(422, str(err)) from None
    except (Timeout, WorkerDied):
        raise HTTPException(503, "生成批注超时或检查进程异常退出，请稍后重试") from None


async def template_page(request: Request) -> Response:
    context: dict[str, Any] = {
        "active": "template",
        "profiles": profile_choices()[1:],
        "year": datetime.date.today().year - 1,
        "issuer": "",
        "profile": pipeline.PROFILES[0],
    }
    if request.method == "GET":
        return html(request, "template.html", **context)
    async with request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=MAX_FIELD_BYTES) as form:
        year, issuer, profile = (_text(form.get(k)) or "" for k in ("year", "issuer", "profile"))
    context.update(year=year, issuer=issuer, profile=profile or pipeline.PROFILES[0])
    try:
        if profile not in pipeline.PROFILES:
            raise Refusal("请选择报告类型")
        if not year.strip().isdigit():
            raise Refusal("请填写报告年度，如 2024")
        if not issuer.strip():
            raise Refusal("请填写报告主体，如“某某区人民政府”")
        download = await service(request).template(int(year), issuer, profile)
    except Refusal as err:
        return html(request, "template.html", 400, error=str(err), **context)
    return send(download)


async def rules_page(request: Request) -> Response:
    return html(
        request,
        "rules.html",
        active="rules",
        checklists=pipeline.rules_data()["checklists"],
        severity=pipeline.SEVERITY_LABEL,
        confidence=pipeline.CONFIDENCE_LABEL,
    )


async def api_check(request: Request) -> Response:
    items, profile, previous = await read_uploads(request)
    checked = await service(request).check(items, profile, previous)
    return Response(pipeline.render_report(checked.documents, "json"), media_type="application/json")


async def api_annotate(request: Request) -> Response:
    items, profile, _ = await read_uploads(request, one=True)
    item = items[0]
    assert isinstance(item, Upload)  # one=True raises for a refused file
    return send(await annotated(request, item, profile))


async def api_rules(request: Request) -> Response:
    import json

    return Response(
        json.dumps(pipeline.rules_data(), ensure_ascii=False, indent=2), media_type="application/json"
    )


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def report_css(request: Request) -> Response:
    return Response(pipeline.REPORT_CSS, media_type="text/css; charset=utf-8")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = str(exc.detail)
    message = detail if _chinese(detail) else STATUS_TEXT.get(exc.status_code, "请求无法完成")
    if request.url.path.startswith("/api/") or request.method not in ("GET", "POST"):
        response = error_response(request.url.path, exc.status_code, message)
    else:
        heading = STATUS_TEXT.get(exc.status_code, "请求无法完成")
        response = html(request, "error.html", exc.status_code, heading=heading, message=message)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def server_error(request: Request, exc: Exception) -> Response:
    log.error("internal error: %s", type(exc).__name__)  # the type only: never report content
    return error_response(request.url.path, 500, "服务器内部错误，请稍后重试")


def create_app(settings: WebSettings, workers: Workers | None = None) -> Starlette:
    """The application. `workers` defaults to a pool of settings.workers processes (CPU count)."""
    pool = workers or Workers(settings.workers or pipeline.default_jobs(), pipeline.PRELOAD)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool.start()
        try:
            yield
        finally:
            pool.close()
            app.state.service.store.clear()

    middleware = [Middleware(SecurityHeaders)]
    if settings.password:
        middleware.append(Middleware(PasswordGate, password=settings.password))
    limit_message = request_too_large(settings.max_request_mb)
    middleware.append(Middleware(BodyLimit, limit=settings.max_request_bytes, message=limit_message))
    routes = [
        Route("/", index),
        Route("/check", check_page, methods=["POST"]),
        Route("/result/{key}", result),
        Route("/result/{key}/report.{suffix}", result_report),
        Route("/result/{key}/annotated/{index:int}", result_annotated),
        Route("/template", template_page, methods=["GET", "POST"]),
        Route("/rules", rules_page),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/annotate", api_annotate, methods=["POST"]),
        Route("/api/rules", api_rules),
        Route("/healthz", healthz),
        Route("/static/report.css", report_css),
        Mount("/static", StaticFiles(packages=[("compliance.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan,
    )
    app.state.service = Service(settings, pool)
    return app

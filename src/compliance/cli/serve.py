"""`compliance serve`: the options of the web app (extra `web`), which compliance.web runs."""

from __future__ import annotations

import click

from compliance.web import settings as S

# Upper bounds that stop a typo from asking for something absurd; each well past any real use.
MAX_FILES_CAP = 1000
MAX_REQUEST_MB_CAP = 4096
MAX_WORKERS = 64
MAX_KEEP_MINUTES = 1440  # a day
MAX_TIME_LIMIT = 3600  # an hour: a LibreOffice conversion takes at most 120 s


@click.command("serve")
@click.option("--host", default=S.DEFAULT_HOST, show_default=True, help="监听地址（默认只允许本机访问）")
@click.option("--port", type=click.IntRange(1, 65535), default=S.DEFAULT_PORT, show_default=True, help="端口")
@click.option(
    "--max-upload-mb",
    type=click.IntRange(1, S.MAX_UPLOAD_MB_CAP),
    default=S.DEFAULT_MAX_UPLOAD_MB,
    show_default=True,
    help="每个文件的大小上限，MB",
)
@click.option(
    "--max-files",
    type=click.IntRange(1, MAX_FILES_CAP),
    default=S.DEFAULT_MAX_FILES,
    show_default=True,
    help="每次最多上传的文件数",
)
@click.option(
    "--max-request-mb",
    type=click.IntRange(1, MAX_REQUEST_MB_CAP),
    default=S.DEFAULT_MAX_REQUEST_MB,
    show_default=True,
    help="每次请求的总大小上限，MB",
)
@click.option("--workers", type=click.IntRange(1, MAX_WORKERS), help="检查进程数（默认：CPU 核数）")
@click.option(
    "--keep-minutes",
    type=click.IntRange(0, MAX_KEEP_MINUTES),
    default=S.DEFAULT_KEEP_MINUTES,
    show_default=True,
    help="检查结果在内存中保留的分钟数，供下载按钮使用；0 表示不保留",
)
@click.option(
    "--time-limit",
    type=click.IntRange(1, MAX_TIME_LIMIT),
    default=S.DEFAULT_TIME_LIMIT,
    show_default=True,
    help="每个请求的时间上限，秒",
)
@click.option(
    "--password",
    envvar=S.PASSWORD_ENV,
    help=f"访问密码（所有页面和接口都需要；推荐用环境变量 {S.PASSWORD_ENV}，不会出现在进程列表中）",
)
def serve(
    host: str,
    port: int,
    max_upload_mb: int,
    max_files: int,
    max_request_mb: int,
    workers: int | None,
    keep_minutes: int,
    time_limit: int,
    password: str | None,
) -> None:
    """启动网页服务：起草人员上传报告查看问题、下载带批注的草稿，审核人员批量检查。

    需要 web 扩展：pip install 'compliance[web]'。
    """
    from compliance.web.command import run  # imports no web library until the server starts

    run(
        S.WebSettings(
            host=host,
            port=port,
            max_upload_mb=max_upload_mb,
            max_files=max_files,
            max_request_mb=max_request_mb,
            workers=workers,
            keep_minutes=keep_minutes,
            time_limit=time_limit,
            password=password or None,
        )
    )

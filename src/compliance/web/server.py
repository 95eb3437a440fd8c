"""Run the app with uvicorn: one event-loop process, checks in the worker pool, no access log
(paths carry result ids, and nothing but counts and timings is logged)."""

from __future__ import annotations

import logging
import sys

import uvicorn

from compliance.web.app import create_app
from compliance.web.settings import WebSettings, is_loopback

# Connections served at once; beyond it uvicorn answers 503 rather than queueing without bound.
MAX_CONNECTIONS = 200
# Seconds an idle keep-alive connection stays open.
KEEP_ALIVE = 5


def start_message(settings: WebSettings) -> str:
    """What the server says at start: where it listens, and a warning when others can reach it."""
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    lines = [f"compliance 网页服务：http://{host}:{settings.port}/ （按 Ctrl+C 停止）"]
    if not is_loopback(settings.host):
        lines.append(
            f"注意：服务监听在 {settings.host}，本机以外的计算机也可以访问"
            + ("；已设置访问密码" if settings.password else "；建议用 --password 设置访问密码")
        )
    if settings.keep_minutes:
        lines.append(f"检查结果在内存中保留 {settings.keep_minutes:g} 分钟；上传的文件检查后即删除")
    else:
        lines.append("不保留任何检查结果；上传的文件检查后即删除")
    return "\n".join(lines)


def serve(settings: WebSettings) -> None:
    """Run until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    print(start_message(settings), file=sys.stderr, flush=True)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        access_log=False,
        log_level="warning",
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=KEEP_ALIVE,
        server_header=False,
    )

"""The options of `compliance serve` (argparse: click's one importer, cli.py, hands the arguments
over unparsed so that the CLI starts without the web extra); a Chinese line if the extra is missing."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence

from compliance.web import settings as S

# import name -> distribution, for the message when the web extra is not installed
REQUIRED = {
    "starlette": "starlette",
    "uvicorn": "uvicorn",
    "multipart": "python-multipart",
    "jinja2": "jinja2",
}
EXIT_ERROR = 2


def _int_range(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} 不在 {low}–{high} 之间")
        return value

    return parse


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="compliance serve",
        description="启动网页服务：起草人员上传报告查看问题、下载带批注的草稿，审核人员批量检查。",
        epilog=f"访问密码也可用环境变量 {S.PASSWORD_ENV} 设置（推荐：不会出现在进程列表中）。",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示此帮助并退出")
    p.add_argument("--host", default=S.DEFAULT_HOST, help="监听地址（默认 %(default)s：只允许本机访问）")
    p.add_argument(
        "--port", type=_int_range(1, 65535), default=S.DEFAULT_PORT, help="端口（默认 %(default)s）"
    )
    p.add_argument(
        "--max-upload-mb",
        type=_int_range(1, S.MAX_UPLOAD_MB_CAP),
        default=S.DEFAULT_MAX_UPLOAD_MB,
        help="每个文件的大小上限，MB（默认 %(default)s）",
    )
    p.add_argument(
        "--max-files",
        type=_int_range(1, 1000),
        default=S.DEFAULT_MAX_FILES,
        help="每次最多上传的文件数（默认 %(default)s）",
    )
    p.add_argument(
        "--max-request-mb",
        type=_int_range(1, 4096),
        default=S.DEFAULT_MAX_REQUEST_MB,
        help="每次请求的总大小上限，MB（默认 %(default)s）",
    )
    p.add_argument("--workers", type=_int_range(1, 64), help="检查进程数（默认：CPU 核数）")
    p.add_argument(
        "--keep-minutes",
        type=_int_range(0, 1440),
        default=S.DEFAULT_KEEP_MINUTES,
        help="检查结果在内存中保留的分钟数，供下载按钮使用；0 表示不保留（默认 %(default)s）",
    )
    p.add_argument(
        "--time-limit",
        type=_int_range(1, 3600),
        default=S.DEFAULT_TIME_LIMIT,
        help="每个请求的时间上限，秒（默认 %(default)s）",
    )
    p.add_argument("--password", help=f"访问密码（所有页面和接口都需要；也可用环境变量 {S.PASSWORD_ENV}）")
    return p


def missing_extra() -> list[str]:
    """The web extra's distributions that are not installed."""
    return [dist for module, dist in REQUIRED.items() if importlib.util.find_spec(module) is None]


def run(args: Sequence[str]) -> None:
    """`compliance serve ARGS`: parse, check the extra is there, serve until interrupted."""
    options = parser().parse_args(list(args))
    missing = missing_extra()
    if missing:
        print(
            f"错误：网页服务需要安装 web 扩展（缺少 {'、'.join(missing)}）：pip install 'compliance[web]'",
            file=sys.stderr,
        )
        sys.exit(EXIT_ERROR)
    password = options.password or os.environ.get(S.PASSWORD_ENV) or None
    settings = S.WebSettings(
        host=options.host,
        port=options.port,
        max_upload_mb=options.max_upload_mb,
        max_files=options.max_files,
        max_request_mb=options.max_request_mb,
        workers=options.workers,
        keep_minutes=options.keep_minutes,
        time_limit=options.time_limit,
        password=password,
    )
    from compliance.web.server import serve  # imported only now: uvicorn and Starlette are the web extra

    serve(settings)

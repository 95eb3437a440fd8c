"""Start the web app from `compliance serve`'s settings; a Chinese line if the web extra is missing.

The options themselves are click's, in compliance.cli.serve (the CLI starts without the web extra:
nothing here imports a web library until the server starts).
"""

from __future__ import annotations

import importlib.util
import sys

from compliance.web.settings import WebSettings

# import name -> distribution, for the message when the web extra is not installed
REQUIRED = {
    "starlette": "starlette",
    "uvicorn": "uvicorn",
    "multipart": "python-multipart",
    "jinja2": "jinja2",
}
EXIT_ERROR = 2


def missing_extra() -> list[str]:
    """The web extra's distributions that are not installed."""
    return [dist for module, dist in REQUIRED.items() if importlib.util.find_spec(module) is None]


def run(settings: WebSettings) -> None:
    """Check the extra is there, then serve until interrupted."""
    missing = missing_extra()
    if missing:
        print(
            f"错误：网页服务需要安装 web 扩展（缺少 {'、'.join(missing)}）：pip install 'compliance[web]'",
            file=sys.stderr,
        )
        sys.exit(EXIT_ERROR)
    from compliance.web.server import serve  # imported only now: uvicorn and Starlette are the web extra

    serve(settings)

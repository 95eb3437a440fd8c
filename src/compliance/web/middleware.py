"""ASGI middleware around every response: security headers, the optional shared password, and the
request body limit (413 before a byte is parsed when Content-Length says so, or as soon as a
streamed body passes it)."""

from __future__ import annotations

import base64
import binascii
import hmac
import json

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Only the app's own scripts, styles and images; no framing, no foreign form targets. Downloads in
# a page that keeps nothing are data: URLs, which are links, not loads, and need no permission.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
NO_STORE = "no-store"  # reports are private: no browser or proxy keeps a copy
STATIC_CACHE = "max-age=3600"
UNAUTHORISED = "需要密码：请输入管理员提供的访问密码（用户名任意）"
PUBLIC_PATHS = ("/healthz",)  # for monitoring; says nothing but "ok"


def error_response(path: str, status: int, message: str) -> Response:
    """A Chinese error message: JSON {"error": …} under /api/, plain text elsewhere."""
    if path.startswith("/api/"):
        body = json.dumps({"error": message}, ensure_ascii=False)
        return Response(body, status, media_type="application/json")
    return PlainTextResponse(message, status)


class SecurityHeaders:
    """Adds the security headers to every response, and no-store to all but the static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                headers["cache-control"] = STATIC_CACHE if static else NO_STORE
            await send(message)

        await self.app(scope, receive, send_with_headers)


def password_ok(header: str | None, password: str) -> bool:
    """Whether an Authorization header carries `password` (HTTP Basic, any user name)."""
    if not header or not header.lower().startswith("basic "):
        return False
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    given = decoded.partition(":")[2]
    return hmac.compare_digest(given.encode("utf-8"), password.encode("utf-8"))


class PasswordGate:
    """With a password set, every page and API asks for it (HTTP Basic), except /healthz."""

    def __init__(self, app: ASGIApp, password: str) -> None:
        self.app = app
        self.password = password

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        if password_ok(Headers(scope=scope).get("authorization"), self.password):
            await self.app(scope, receive, send)
            return
        response = error_response(scope["path"], 401, UNAUTHORISED)
        response.headers["www-authenticate"] = 'Basic realm="compliance", charset="UTF-8"'
        await response(scope, receive, send)


class BodyLimit:
    """Refuses request bodies over `limit` bytes with 413 and `message`."""

    def __init__(self, app: ASGIApp, limit: int, message: str) -> None:
        self.app = app
        self.limit = limit
        self.message = message

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            status = 413 if length.isdigit() else 400
            message = self.message if status == 413 else "请求的 Content-Length 无效"
            await error_response(scope["path"], status, message)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, self.message)
            return message

        await self.app(scope, counted, send)

"""Refuse what no route should see: oversize bodies (413), NUL characters and lone surrogates (422),
before any route runs.

NUL cannot be stored in PostgreSQL text at all, and is never meaningful in this API's input. A lone
surrogate (JSON `"\ud800"`, or its raw CESU-8 bytes, which Python's JSON decoder also lets through)
is no character: it cannot be encoded as UTF-8, so it would fail deep in a route or a driver.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1 << 20


NUL_MARKERS = (b"\x00", b"\\u0000")
# a surrogate written as a JSON escape, or as the raw bytes UTF-8 never uses (ED A0..BF); a well-formed
# pair is also matched here, and let through once the decoded body is seen to encode as UTF-8
SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\xed[\xa0-\xbf]")


class BodySizeLimit:
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        target = scope.get("raw_path", b"") + b"?" + scope.get("query_string", b"")
        if b"%00" in target or b"\x00" in target or "\x00" in scope.get("path", ""):
            await _refuse(send, 422, "invalid", "NUL characters are not accepted")
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _refuse(send, 413, "too_large", f"request body over {self.limit} bytes")
            return
        # read the whole (bounded) body first, so a refusal is ours and not a parse error deep in a route
        chunks, seen = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.limit:
                await _refuse(send, 413, "too_large", f"request body over {self.limit} bytes")
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        form = dict(scope["headers"]).get(b"content-type", b"").startswith(b"application/x-www-form-urlencoded")
        if any(marker in body for marker in NUL_MARKERS) or (form and b"%00" in body):
            await _refuse(send, 422, "invalid", "NUL characters are not accepted")
            return
        where = lone_surrogate(body) if not form and SURROGATE.search(body) else None
        if where is not None:
            await _refuse(send, 422, "invalid", "a lone surrogate (e.g. \\ud800) is not a character; send UTF-8 text",
                          where or None)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def lone_surrogate(body: bytes) -> str | None:
    """The path ('sources.0.title') of the first text in a JSON body that holds a lone surrogate ('' for the
    body itself), or None; a body that is not JSON is left to the route."""
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        return None
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        path, value = stack.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in reversed(list(items)):
            stack.append((f"{path}.{key}" if path else str(key), item))
            if isinstance(key, str) and not _encodes(key):
                return path
        if isinstance(value, str) and not _encodes(value):
            return path
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def _refuse(send: Send, status: int, code: str, message: str, field: str | None = None) -> None:
    body = json.dumps({"code": code, "message": message, "field": field}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})

"""Refuse what no route should see: oversize bodies (413) and NUL characters (422), before any route runs.

NUL cannot be stored in PostgreSQL text at all, and is never meaningful in this API's input.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1 << 20


NUL_MARKERS = (b"\x00", b"\\u0000")


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
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"code": code, "message": message, "field": None}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})

"""Optimistic concurrency: the version a client read, from the body or an If-Match ETag."""

from __future__ import annotations

from ramstein.errors import PreconditionRequired, ValidationError


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(body_version: int | None, if_match: str | None) -> int:
    if if_match is not None:
        text = if_match.strip().removeprefix("W/").strip('"')
        if not text.isdigit():
            raise ValidationError("If-Match must be the ETag you read, e.g. \"3\"", field="If-Match")
        if body_version is not None and body_version != int(text):
            raise ValidationError("version and If-Match disagree", field="version")
        return int(text)
    if body_version is None:
        raise PreconditionRequired("send the version you read (in the body or as If-Match)", field="version")
    return body_version

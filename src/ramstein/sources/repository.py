"""Sources are shared citations: the same article backs many figures, so they are found or created."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ramstein.errors import ValidationError
from ramstein.models import Source
from ramstein.states import CONFIDENCES


def get_or_create_source(session: Session, title: str, url: str, confidence: str) -> Source:
    title, url = (title or "").strip(), (url or "").strip()
    if not title and not url:
        raise ValidationError("a source needs a title or a URL", field="source_url")
    if confidence not in CONFIDENCES:
        raise ValidationError(f"confidence must be one of {', '.join(CONFIDENCES)}", field="confidence")
    title = title or url
    found = session.execute(
        select(Source).where(Source.title == title, Source.url == url, Source.confidence == confidence)
    ).scalar_one_or_none()
    if found is None:
        found = Source(title=title, url=url, confidence=confidence)
        session.add(found)
        session.flush()
    return found

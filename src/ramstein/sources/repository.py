"""Sources are shared citations: the same article backs many figures, so they are found or created."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ramstein.db.memo import memo
from ramstein.db.statements import insert_unless_exists
from ramstein.errors import ValidationError
from ramstein.links import check_links
from ramstein.models import Source
from ramstein.states import CONFIDENCES

# built once: the same lookup on every pledge write's path, found in the statement cache unchanged
_FIND = (select(Source).where(Source.title == bindparam("title"), Source.url == bindparam("url"),
                              Source.confidence == bindparam("confidence"))
         # after a rolled-back savepoint, an id may name a different row than the Source object the
         # session still holds for it
         .execution_options(populate_existing=True))


def get_or_create_source(session: Session, title: str, url: str, confidence: str) -> Source:
    title, url = (title or "").strip(), check_links(url, field="source_url")
    if not title and not url:
        raise ValidationError("a source needs a title or a URL", field="source_url")
    if confidence not in CONFIDENCES:
        raise ValidationError(f"confidence must be one of {', '.join(CONFIDENCES)}", field="confidence")
    title = title or url
    remembered = memo(session)
    if (found := remembered.get(("source", title, url, confidence))) is not None:
        return found  # type: ignore[no-any-return]
    key = {"title": title, "url": url, "confidence": confidence}
    found = session.execute(_FIND, key).scalar_one_or_none()
    if found is None:
        # concurrent writers may cite the same new source: insert unless it exists, then read it
        session.execute(insert_unless_exists(session.get_bind().dialect.name, Source), key)
        found = session.execute(_FIND, key).scalar_one()
    remembered["source", title, url, confidence] = found
    return found

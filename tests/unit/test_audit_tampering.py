"""Given a signed checkpoint of its head, any tampering with a log is caught: edits, deletions,
insertions, reorderings, truncations, and any of these followed by re-hashing every later event."""

import base64
import datetime as dt
import random

from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key
from hypothesis import given, settings
from hypothesis import strategies as st

from ramstein.audit.hashing import GENESIS, event_body, event_hash, verify_records
from ramstein.audit.signing import check, generate_key, sign

PRIVATE, PUBLIC = generate_key()
KEY = load_pem_private_key(PRIVATE, None)
PUBLIC_KEY = load_pem_public_key(PUBLIC)
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def chain(events: list[dict], prev: str = GENESIS) -> list[dict]:
    out = []
    for e in events:
        body = event_body(dt.datetime.fromisoformat(e["at"]), e["actor"], e["role"], e["action"], e["entity"],
                          e["entity_id"], e["before"], e["after"], e["request_id"])
        digest = event_hash(prev, body)
        out.append({**e, "prev_hash": prev, "hash": digest})
        prev = digest
    return out


def make_log(n: int) -> list[dict]:
    return chain([{"seq": i + 1, "at": (START + dt.timedelta(seconds=i)).isoformat(), "actor": "ops",
                   "role": "operator", "action": "created", "entity": "pledge", "entity_id": str(i),
                   "before": None, "after": {"amount": str(i * 100), "note": None}, "request_id": None}
                  for i in range(n)])


LOG = make_log(40)
ANCHOR = check(PUBLIC_KEY, sign(KEY, LOG[-1]["seq"], LOG[-1]["hash"], "2026-01-02T00:00:00+00:00"))


def tamper(log: list[dict], kind: str, rng: random.Random) -> list[dict]:
    log = [dict(e) for e in log]
    i = rng.randrange(len(log))
    if kind == "edit":
        field = rng.choice(["actor", "action", "entity_id", "after", "before", "at", "request_id"])
        log[i][field] = {"forged": rng.random()} if field in ("after", "before") else (
            (START - dt.timedelta(days=1)).isoformat() if field == "at" else f"forged-{rng.random()}")
    elif kind == "delete":
        del log[i]
    elif kind == "insert":
        extra = dict(log[i], seq=log[i]["seq"], actor="intruder")
        log.insert(i, extra)
    elif kind == "reorder":
        j = rng.choice([k for k in range(len(log)) if k != i])
        log[i], log[j] = log[j], log[i]
        for position, e in enumerate(log):
            e["seq"] = position + 1  # the events change places; the sequence numbers stay in order
    elif kind == "truncate":
        log = log[:i]
    if rng.random() < 0.5 and kind != "truncate" and log:  # then hide it: re-hash from the change on
        first = min(i, len(log) - 1)
        prev = log[first - 1]["hash"] if first else GENESIS
        log = log[:first] + chain([{k: v for k, v in e.items() if k not in ("prev_hash", "hash")}
                                   for e in log[first:]], prev)
        for position, e in enumerate(log):
            e["seq"] = position + 1  # a careful forger renumbers too
    return log


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(kind=st.sampled_from(["edit", "delete", "insert", "reorder", "truncate"]), seed=st.integers(0, 2**32))
def test_every_tampering_is_caught_given_a_checkpoint(kind, seed):
    forged = tamper(LOG, kind, random.Random(seed))
    report = verify_records(sorted(forged, key=lambda e: e["seq"]), [ANCHOR])
    assert not report.ok, kind


def test_the_untouched_log_holds_its_checkpoint():
    report = verify_records(LOG, [ANCHOR])
    assert report.ok and report.anchors_held == 1


def test_a_forged_signature_is_refused():
    signed = sign(KEY, 5, LOG[4]["hash"], "2026-01-02T00:00:00+00:00")
    forged = dict(signed, seq=6, hash=LOG[5]["hash"])
    try:
        check(PUBLIC_KEY, forged)
    except Exception as exc:  # noqa: BLE001
        assert "does not verify" in str(exc)
    else:
        raise AssertionError("a forged checkpoint was accepted")
    assert base64.b64decode(signed["signature"])

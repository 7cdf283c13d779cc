"""`ramstein keys generate`: the Ed25519 key pair that signs checkpoints of the event log."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console

from ramstein.cli.errors import reported
from ramstein.errors import Conflict

out = Console(highlight=False)
keys_app = typer.Typer(help="The key that signs checkpoints of the event log.", no_args_is_help=True)


@keys_app.command("generate")
def generate(
    out_file: Path = typer.Option(..., "--out", help="where to write the private key (PEM, readable by you alone); "
                                  "the public key goes beside it as FILE.pub"),
) -> None:
    """Make a new Ed25519 key pair; point RAMSTEIN_SIGNING_KEY at the private key and publish the .pub."""
    from ramstein.audit.signing import generate_key

    public_file = out_file.with_name(out_file.name + ".pub")
    with reported():
        for path in (out_file, public_file):
            if path.exists():
                raise Conflict(f"{path} exists already; a key is never overwritten", field="out")
        private_pem, public_pem = generate_key()
        descriptor = os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(private_pem)
        public_file.write_bytes(public_pem)
    out.print(f"Private key: {out_file} (set RAMSTEIN_SIGNING_KEY={out_file}; keep a copy offline)")
    out.print(f"Public key:  {public_file} (publish it; verifiers pass it as --public-key)")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")

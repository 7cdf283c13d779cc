"""`ramstein users add NAME --role ROLE [--nation ISO3]` and `ramstein users revoke NAME`."""

from __future__ import annotations

import typer
from rich.console import Console

from ramstein.cli.context import CliContext
from ramstein.cli.errors import reported

out = Console(highlight=False)
users_app = typer.Typer(help="Users of the API and dashboard, and their tokens.", no_args_is_help=True)


@users_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="the user's name, e.g. nld-mod"),
    role: str = typer.Option(..., help="coordinator, nation, ukraine or auditor"),
    nation: str = typer.Option(None, help="ISO alpha-3 code; required for the nation role"),
) -> None:
    """Create a user and print its API token (alone on the last line, shown only this once)."""
    from ramstein.auth.service import add_user

    cli: CliContext = ctx.obj
    with reported(), cli.unit_of_work(write=True) as uow:
        user, token = add_user(uow.session, cli.actor(), name, role, nation)
        uow.commit()
    where = f" for {user.nation_iso3}" if user.nation_iso3 else ""
    out.print(f"Created {user.role} {user.name}{where}. Its token, shown only now:")
    print(token)


@users_app.command("token")
def token(ctx: typer.Context, name: str = typer.Argument(..., help="the user's name")) -> None:
    """Issue another token for a user (printed alone on the last line)."""
    from sqlalchemy import select

    from ramstein.auth.service import issue_token
    from ramstein.errors import NotFound
    from ramstein.models import User

    cli: CliContext = ctx.obj
    with reported(), cli.unit_of_work(write=True) as uow:
        user = uow.session.execute(select(User).where(User.name == name)).scalar_one_or_none()
        if user is None:
            raise NotFound(f"no user {name!r}", field="name")
        new = issue_token(uow.session, cli.actor(), user)
        uow.commit()
    print(new)


@users_app.command("revoke")
def revoke(ctx: typer.Context, name: str = typer.Argument(..., help="the user's name")) -> None:
    """Revoke every token of a user at once."""
    from ramstein.auth.service import revoke_tokens

    cli: CliContext = ctx.obj
    with reported(), cli.unit_of_work(write=True) as uow:
        count = revoke_tokens(uow.session, cli.actor(), name)
        uow.commit()
    out.print(f"Revoked {count} token(s) of {name}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")

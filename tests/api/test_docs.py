from pathlib import Path

from ramstein.api.app import create_app
from ramstein.config import Settings


def test_every_api_route_is_documented(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path}/docs.db"))
    doc = (Path(__file__).parents[2] / "docs" / "api.md").read_text()
    for path, operations in app.openapi()["paths"].items():
        for method in operations:
            assert f"| {method.upper()} | `{path}` |" in doc, (method, path)
    app.state.engine.dispose()

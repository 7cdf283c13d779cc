"""The dashboard's routers, one module per page family."""

from ramstein.web.routes import (
    audit,
    auth,
    forecast,
    nations,
    open_data,
    overview,
    packages,
    plans,
    pledge_forms,
    pledges,
    releases,
    requirements,
)

routers = [auth.router, overview.router, pledges.router, pledge_forms.router, requirements.router, plans.router,
           forecast.router, packages.router, releases.router, audit.router, nations.router, open_data.router]

"""The dashboard's routers, one module per page family."""

from ramstein.web.routes import audit, auth, nations, packages, pledge_forms, pledges, releases, requirements

routers = [auth.router, pledges.router, pledge_forms.router, requirements.router, packages.router,
           releases.router, audit.router, nations.router]

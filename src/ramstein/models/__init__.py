"""ORM models, one module per aggregate. Importing this package registers every table on Base.metadata."""

from ramstein.models.checkpoint import Checkpoint
from ramstein.models.delivery import Delivery
from ramstein.models.event import Event
from ramstein.models.idempotency import IdempotencyKey
from ramstein.models.import_run import ImportRun
from ramstein.models.nation import Nation, NationFigure
from ramstein.models.offer import Offer
from ramstein.models.package import Package, PackageFunder, PackageOrder
from ramstein.models.plan import Plan
from ramstein.models.pledge import Pledge
from ramstein.models.rate import ExchangeRate
from ramstein.models.release import Release
from ramstein.models.requirement import RequirementLine, RequirementList
from ramstein.models.source import Source
from ramstein.models.user import ApiToken, User

__all__ = [
    "ApiToken", "Checkpoint", "Delivery", "Event", "ExchangeRate", "IdempotencyKey", "ImportRun",
    "Nation", "NationFigure", "Offer", "Package", "PackageFunder",
    "PackageOrder", "Plan", "Pledge", "Release", "RequirementLine", "RequirementList", "Source", "User",
]

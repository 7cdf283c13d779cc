"""Delivery forecast: a NumPy-vectorized Monte Carlo of supplier delays and capacity shortfalls over a plan.

Pure: `inputs_from_plan(instance, plan, risks)` then `simulate(inputs, runs, seed)`; `service.py` reads
the plan from the database.
"""

from ramstein.forecast.model import ForecastInput, inputs_from_plan
from ramstein.forecast.risk import DEFAULT_RISK, OfferRisk, read_risks
from ramstein.forecast.simulate import ForecastResult, simulate

__all__ = ["DEFAULT_RISK", "ForecastInput", "ForecastResult", "OfferRisk", "inputs_from_plan", "read_risks",
           "simulate"]

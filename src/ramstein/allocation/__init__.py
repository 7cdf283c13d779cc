"""The allocation engine: pooled money into orders (SPEC section 4), pure and solver-neutral.

`solve(problem, options) -> Plan` is the whole interface; `load_instance` / `problem_from_dict`
build a `Problem` from an instance file, `to_json` writes a plan in the format of plan.schema.json.
"""

from .engine import SolveOptions, solve
from .instance import load_instance, problem_from_dict, problem_to_dict
from .plan import Plan, to_json, write_plan
from .problem import Problem

__all__ = ["Plan", "Problem", "SolveOptions", "load_instance", "problem_from_dict", "problem_to_dict", "solve",
           "to_json", "write_plan"]

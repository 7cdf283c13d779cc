"""Forecast benchmark: 10,000 runs over a plan for 2,000 requirement lines (target: under 10 s on 2 cores).

The plan comes from the allocation engine on the SPEC's medium generated instance (60 pools, 2,000 lines,
200 offers, 36 months) with enough money that nearly every line is ordered; the engine's time is printed
apart and is not part of the forecast's figure.

    python bench/forecast.py [--runs 10000] [--seed 1] [--instance-seed 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import time

from ramstein.allocation import problem_from_dict, solve, to_json
from ramstein.allocation.generate import SIZES, random_instance
from ramstein.forecast import inputs_from_plan, simulate
from ramstein.forecast.summary import summarize


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--instance-seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--money-share", type=float, default=3.0,
                        help="money as a share of demand (generator default 0.35); high, so most lines are ordered")
    args = parser.parse_args()

    instance = random_instance(args.instance_seed, **SIZES["medium"], money_share=args.money_share)
    started = time.perf_counter()
    plan = to_json(solve(problem_from_dict(instance)))
    solve_seconds = time.perf_counter() - started
    inputs = inputs_from_plan(instance, plan)
    ordered_lines = len(set(inputs.batch_line.tolist()))
    print(f"instance: medium (seed {args.instance_seed}): {len(instance['requirements'])} lines, "
          f"{len(instance['offers'])} offers, {instance['horizon_months']} months; cpus: {os.cpu_count()}")
    print(f"plan: {len(plan['orders'])} orders over {ordered_lines} lines (engine: {solve_seconds:.1f} s, not counted)")

    digests = set()
    for workers in (1, None):
        walls, cpus = [], []
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            result = simulate(inputs, runs=args.runs, seed=args.seed, workers=workers)
            doc = summarize(inputs, result)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            digests.add(hashlib.sha256(json.dumps(doc).encode()).hexdigest())
        label = "1 thread " if workers == 1 else "all cores"
        print(f"forecast, {label}: {args.runs} runs in {min(walls):.2f} s best of {args.repeat} "
              f"(median {sorted(walls)[len(walls) // 2]:.2f} s, cpu {min(cpus):.2f} s); "
              f"{args.runs * len(plan['orders']) / min(walls) / 1e6:.1f}M order-runs/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (whole process, incl. the engine): {peak:.0f} MB")
    print(f"same seed, same output across all repeats and thread counts: {len(digests) == 1}")
    print("target: under 10 s for 10,000 runs over 2,000 lines on 2 cores")


if __name__ == "__main__":
    main()

"""Renders per second of a compiled invoice-address template beside a hand-written join.

Run with ``python benchmarks/bench_templates.py``. Both sides print the seed's "care of"
format (``DEFAULT_TEMPLATE``: ``[landlord_name] c/o [customer_name]`` then one address tag
a line) for the
same values, with and without a landlord, and must give the same text. They are timed
in alternating short batches and each keeps its best batch, so that the ratio stays
meaningful on a busy machine. The target is a ratio under 3.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping

from commtrak.model.templates import DEFAULT_TEMPLATE, compile_template

WITH_LANDLORD = {
    "landlord_name": "Lena Landlord",
    "customer_name": "Real Peach Real Estate",
    "customer_address_line_1": "1 Peach Street",
    "customer_address_line_2": "",
    "customer_address_line_3": "",
    "customer_town": "Perth",
    "customer_county": "Western Australia",
    "customer_postcode": "6000",
}
WITHOUT_LANDLORD = {**WITH_LANDLORD, "landlord_name": ""}

BATCH = 2_000
ROUNDS = 60


def baseline(values: Mapping[str, str]) -> str:
    """What one would write by hand for this one format: an f-string and a join."""
    landlord, customer = values["landlord_name"], values["customer_name"]
    lines = (
        f"{landlord} c/o {customer}" if landlord else customer,
        values["customer_address_line_1"],
        values["customer_address_line_2"],
        values["customer_address_line_3"],
        values["customer_town"],
        values["customer_county"],
        values["customer_postcode"],
    )
    return "\n".join([line for line in lines if line])


def best_rate(render: Callable[[Mapping[str, str]], str], values: Mapping[str, str]) -> float:
    """Time one batch and return its renders per second."""
    start = time.perf_counter()
    for _ in range(BATCH):
        render(values)
    return BATCH / (time.perf_counter() - start)


def main() -> int:
    template = compile_template(DEFAULT_TEMPLATE)
    worst = 0.0
    for label, values in (("with landlord", WITH_LANDLORD), ("no landlord", WITHOUT_LANDLORD)):
        if template.render(values) != baseline(values):
            raise SystemExit(f"the template and the baseline disagree ({label})")
        ours = theirs = 0.0
        for _ in range(ROUNDS):
            ours = max(ours, best_rate(template.render, values))
            theirs = max(theirs, best_rate(baseline, values))
        ratio = theirs / ours
        worst = max(worst, ratio)
        print(
            f"template render: {ours:,.0f}/s  baseline f-string: {theirs:,.0f}/s  "
            f"ratio {ratio:.2f}  ({label})"
        )
    return 0 if worst < 3 else 1


if __name__ == "__main__":
    sys.exit(main())

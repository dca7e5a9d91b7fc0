"""Run every benchmark of the project and print one table: `python -m benchmarks.run`."""

import sys

from benchmarks import (
    bench_analysis,
    bench_core,
    bench_gui,
    bench_import,
    bench_peer,
    bench_plan,
    bench_soak,
    mutation,
    serving_accuracy,
    serving_published,
)
from benchmarks.report import print_and_save


def main() -> int:
    """Run the suites, print the table, save JSON; exit 0 (misses are reported, not fatal)."""
    gui_rows = bench_gui.run()
    slider_p50_ms = next(r.value for r in gui_rows if r.name == "slider to repaint p50")
    rows = (
        bench_core.run()
        + bench_import.run()
        + bench_analysis.run()
        + bench_plan.run()
        + gui_rows
        + bench_peer.run(slider_p50_ms)
    )
    rows += bench_soak.run()
    rows += serving_accuracy.run()  # refits the serving constants: about two minutes
    rows += serving_published.run()  # other models' published figures: a cross-check
    rows.append(mutation.saved_row())  # measured by `python -m benchmarks.mutation` (slow)
    print_and_save(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Results as tables for analysts: one table each for KPIs, products, models, providers, inputs.

Every export carries a stamp (scenario, date, key inputs) so a number pasted into a
deck can always be traced back to the scenario that produced it: the XLSX in its `about`
sheet, a CSV export in a sidecar `<stem>-about.csv` (field, value), never in a table's
first line. Each column's unit is in its name (`_usd`, `_gpu_hours`, `_share`) and spelled
out in the sidecar and in the XLSX header's comment, which also sets number formats; each
input's unit is in the inputs table's `unit` column. The stamp is followed by the horizon's
present cost and N-year cost (`cost_totals`): total_cost_usd alone sums to neither.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.engine.results import Results
from core.scenario.edits import field_value
from core.scenario.files import write_bytes_atomic, write_text_atomic
from core.scenario.plan_edits import planned_by_generation
from core.scenario.schema import Scenario
from core.scenario.sources import source_for
from core.summary.field_labels import KEYED, PERCENT, field_label
from core.units import counted, horizon_cost_name, years_text

if TYPE_CHECKING:
    import pandas as pd  # imported where a table is built: a stamp or a value needs none

TABLES = ("kpis", "products", "models", "providers", "inputs")
# A text cell starting with one of these is a formula to a spreadsheet (CSV injection);
# the apostrophe is escaped too, so removing one leading apostrophe always restores it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
CSV_QUOTED = (",", '"', "\r", "\n", "#")  # `#` too: `read_csv(comment="#")` keeps it quoted
RESULT_SUFFIXES = (".xlsx", ".csv")
BOOLEAN = "true/false"  # the unit of a column written as TRUE/FALSE
# A figure of the whole export beside its stamp: (field, value, unit and meaning).
Total = tuple[str, float, str]
# Units of the columns whose names do not end in one; the rest by suffix (or prefix).
COLUMN_UNITS = {
    "year": "year",
    "gpus": "GPUs",
    "held_back_gpus": "GPUs",
    "tokens": "tokens",
    "utilization": "share (0-1)",
    "busy_share": "share (0-1)",
    "compute_dependency": "share (0-1)",
    "quality": "score (0-100)",
    "quality_floor": "score (0-100)",
    "quality_gap": "score points",
    "risk_index": "index (0-100)",
    "risk_concentration": "share (0-1)",
    "risk_outage": "share (0-1)",
    "risk_price_shock": "share (0-1)",
    "risk_compute_dependency": "share (0-1)",
    "effective_providers": "providers",
    "meets_slo": BOOLEAN,
    "serving": BOOLEAN,
}
UNIT_SUFFIXES = (
    ("_per_m_tokens_usd", "USD per million tokens"),
    ("_usd", "USD"),
    ("_gpu_hours", "GPU-hours"),
    ("_share", "share (0-1)"),
    ("_probability", "probability (0-1)"),
    ("_hhi", "HHI (0-10,000)"),
    ("_tokens", "tokens"),
    ("_hours", "hours"),
    ("_mw", "MW"),
    ("_ms", "milliseconds"),
    ("_s", "seconds"),
    ("_factor", "x"),
)
# Number formats by unit; others keep the spreadsheet's general format.
UNIT_FORMATS = {
    "USD": "#,##0",
    "USD per million tokens": "#,##0.00",
    "GPU-hours": "#,##0",
    "GPUs": "#,##0",
    "tokens": "#,##0",
    "hours": "#,##0.0",
    "share (0-1)": "0.0%",
    "probability (0-1)": "0.000%",
    "HHI (0-10,000)": "#,##0",
    "MW": "#,##0.0",
    "milliseconds": "0.0",
    "seconds": "0.000",
    "x": "0.000",
    "score (0-100)": "0.0",
    "score points": "0.0",
    "index (0-100)": "0.0",
    "year": "0",
}


def export_results(
    scenario: Scenario,
    results: Results,
    path: Path,
    when: datetime | None = None,
    stamp_name: str | None = None,
) -> list[Path]:
    """Write the result tables to `path` (.xlsx: one sheet each; .csv: one file each).

    A CSV export writes the KPIs by year to `path`, each other table beside it as
    `<stem>-<table>.csv` and the stamp (naming the scenario `stamp_name`, if given: a what-if
    with what it changed) and units as `<stem>-about.csv`. Each file is written atomically;
    one that fails raises `SetWriteError`, naming it and those written before it.
    """
    targets = export_files(path)
    moment = when or datetime.now()
    tables = result_tables(scenario, results)
    line, totals = stamp(scenario, moment, stamp_name), cost_totals(results)
    if len(targets) == 1:
        write_bytes_atomic(path, xlsx_bytes(tables, line, totals))
        return targets
    texts = csv_texts(tables) | {"about": about_csv(scenario, moment, tables, line, totals)}
    written: list[Path] = []
    for target, text in zip(targets, texts.values(), strict=True):
        try:
            write_text_atomic(target, text)
        except OSError as error:
            raise SetWriteError(error, target, written) from None
        written.append(target)
    return written


def export_files(path: Path) -> list[Path]:
    """Every file an export to `path` writes: the XLSX, or the KPIs' CSV and its sidecars.

    Callers check each before the work: a folder named like a sidecar must not leave
    half a set behind. ValueError for a suffix other than .xlsx or .csv.
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return [path]
    if suffix != ".csv":
        raise ValueError(f"{path.name}: results are exported as .xlsx or .csv, not {suffix!r}")
    beside = [path.with_name(f"{path.stem}-{name}.csv") for name in (*TABLES[1:], "about")]
    return [path, *beside]


class SetWriteError(OSError):
    """A file of a CSV set that could not be written (`target`), and those written before it.

    An OSError as the original was (same errno and words), so any caller still says why.
    """

    def __init__(self, error: OSError, target: Path, written: list[Path]) -> None:
        super().__init__(*error.args)
        self.target, self.written = target, list(written)


def key_inputs(scenario: Scenario) -> dict[str, str]:
    """The inputs an executive moves most, in words: what a stamp must name."""
    fleet, levers = scenario.fleet, scenario.levers
    ramp = (
        f"{counted(fleet.baseline_gpus, 'GPU')} x {fleet.scale:g} by {fleet.target_year} "
        f"({fleet.gpu} added)"
    )
    if scenario.build_plan is not None:  # it sets the fleet: "x1 ... (H100 added)" misnamed it
        planned = planned_by_generation(scenario)
        bought = ", ".join(f"{n:,} {gpu}" for gpu, n in planned.items()) or "none"
        ramp = f"{fleet.baseline_gpus:,} {fleet.baseline_gpu} + a build plan adding {bought}"
    return {
        "Fleet": ramp,
        "In-house shift": f"{levers.in_house_shift * 100:.0f}%",
        "Partner price shock": f"x{levers.price_shock:g}",
        "Demand growth": f"x{levers.demand_growth_multiplier:g}",
        "Horizon": f"{scenario.horizon.start_year}-{scenario.horizon.end_year}",
    }


def stamp(scenario: Scenario, when: datetime, name: str | None = None) -> str:
    """One line naming the scenario (as `name`, if given), the time and the key inputs."""
    inputs = "; ".join(f"{k}: {v}" for k, v in key_inputs(scenario).items())
    return f"ScaleDeck | scenario {name or scenario.name} | {when:%Y-%m-%d %H:%M} | {inputs}"


def cost_totals(results: Results) -> list[Total]:
    """The horizon's present cost and N-year cost, named as `evaluate --json` names them.

    A recipient of the tables could only sum total_cost_usd (undiscounted), never find
    the present cost, the figure to quote (docs/model.md#F-cost-words).
    """
    span = years_text(results.years)
    return [
        (
            "pv_cost_usd",
            results.pv_cost_usd,
            f"USD: present cost (the figure to quote), {span} discounted at the cost of capital",
        ),
        (
            "horizon_cost_usd",
            results.horizon_cost_usd,
            f"USD: {horizon_cost_name(len(results.years))} (undiscounted), "
            f"kpis.total_cost_usd summed over {span}",
        ),
    ]


def column_unit(column: str) -> str:
    """The unit of a result column, from its name (`total_cost_usd`: USD); "" for text."""
    if column in COLUMN_UNITS:
        return COLUMN_UNITS[column]
    return next((unit for suffix, unit in UNIT_SUFFIXES if column.endswith(suffix)), "")


def about_csv(
    scenario: Scenario,
    when: datetime,
    tables: dict[str, pd.DataFrame],
    line: str,
    totals: Sequence[Total] = (),
) -> str:
    """The sidecar of a CSV export: the stamp `line`, key inputs, `totals` and columns' units.

    Each total is a (field, value) row, then its `unit of` row as a column's unit is.
    """
    import pandas as pd

    rows: list[tuple[str, object]] = [("ScaleDeck export", line), ("scenario", scenario.name)]
    rows += [("exported", f"{when:%Y-%m-%d %H:%M}"), *key_inputs(scenario).items()]
    for name, value, unit in totals:
        rows += [(name, value), (f"unit of {name}", unit)]
    rows += [
        (f"unit of {name}.{column}", column_unit(str(column)))
        for name, frame in tables.items()
        for column in frame.columns
        if column_unit(str(column))
    ]
    return _csv_text(pd.DataFrame(rows, columns=["field", "value"]))


def result_tables(scenario: Scenario, results: Results) -> dict[str, pd.DataFrame]:
    """The five export tables, flat (no index), with units in the column names.

    A true/false column is written as booleans (TRUE/FALSE in a spreadsheet), and the
    inputs carry their units (`input_unit`).
    """
    tables = {
        "kpis": results.by_year.reset_index(),
        "products": results.products.reset_index(),
        "models": results.models.reset_index(),
        "providers": results.providers.reset_index(),
    }
    inputs = inputs_table(scenario)
    pairs = zip(inputs["input"], inputs["value"], strict=True)
    units = [input_unit(scenario, path, value) for path, value in pairs]
    return {name: _booleans(frame) for name, frame in tables.items()} | {
        "inputs": inputs.assign(unit=units)
    }


def input_unit(scenario: Scenario, path: str, value: object) -> str:
    """The unit of an input's value as the file stores it; "" for text, flags and counts.

    From the Sources tab's labels (core.summary.field_labels), but a field shown in percent
    is stored as a fraction: `share (0-1)` as the result columns say it if its schema keeps
    it in 0-1, else `signed fraction` if it may be negative (a price change of -0.3 a year,
    30% cheaper each year, is no share), else `fraction` (a growth threshold up to 10).
    """
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    try:
        label = field_label(scenario, path)
    except KeyError:  # a number no label knows yet: no unit rather than no export
        return ""
    if label.factor != PERCENT:
        return label.unit
    low, high = _bounds(scenario, path)
    kind = "signed fraction" if low < 0 else "share (0-1)" if high <= 1 else "fraction"
    return f"{kind}{label.unit.removeprefix('%')}"


def _bounds(scenario: Scenario, path: str) -> tuple[float, float]:
    """The schema's bounds of the number at `path`; a mapping's share (routing) is in 0-1."""
    owner, _, name = path.rpartition(".")
    part = field_value(scenario, owner) if owner and not KEYED.fullmatch(path) else None
    fields = getattr(type(part), "model_fields", {})
    bounds = fields[name].metadata if name in fields else ()
    low = min((getattr(bound, "ge", 0.0) for bound in bounds), default=0.0)
    return low, max((getattr(bound, "le", 1.0) for bound in bounds), default=1.0)


def _booleans(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each true/false column (1.0 / 0.0 in the model) as booleans."""
    flags = [c for c in frame.columns if column_unit(str(c)) == BOOLEAN and frame[c].notna().all()]
    return frame.astype(dict.fromkeys(flags, bool))


def inputs_table(scenario: Scenario) -> pd.DataFrame:
    """Every input value by field path, with its source or 'illustrative'."""
    import pandas as pd

    rows = []
    for path, value in _leaves(scenario.model_dump(mode="json", exclude={"sources"})):
        source = source_for(scenario, path)
        kind = "" if source is None else "illustrative" if source.illustrative else "sourced"
        text = source.text if source else ""
        rows.append({"input": path, "value": value, "source": text, "kind": kind})
    return pd.DataFrame(rows, columns=["input", "value", "source", "kind"])


def value_text(value: object) -> str:
    """An input value for people: 6 significant digits, separators in counts, not in years."""
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def xlsx_bytes(
    tables: dict[str, pd.DataFrame],
    stamp_line: str,
    totals: Sequence[Total] = (),
    formats: Callable[[Any], None] | None = None,
) -> bytes:
    """An XLSX workbook: an 'about' sheet with the stamp, then one sheet per table.

    The about sheet lists `totals` under the stamp (field, value, unit). `formats`, if
    given, is called with each table's sheet once tidied: number formats by row, where
    one column holds several units (the Compare window's measures).
    """
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _about_frame(stamp_line, totals).to_excel(writer, sheet_name="about", index=False)
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
        for sheet in writer.book.worksheets:
            _formulas_as_text(sheet)
            if sheet.title == "about":
                _about_formats(sheet)
                continue
            _tidy(sheet)
            if formats is not None:
                formats(sheet)
        writer.book.properties.title = "ScaleDeck results"
        writer.book.properties.description = stamp_line
    return buffer.getvalue()


def _about_frame(stamp_line: str, totals: Sequence[Total]) -> pd.DataFrame:
    """The about sheet: the stamp, then each total as its field, value and unit."""
    import pandas as pd

    about = pd.DataFrame({"ScaleDeck export": [stamp_line]})
    if not totals:  # the stamp alone, as a comparison's about sheet has always been
        return about
    listed = pd.DataFrame(list(totals), columns=["ScaleDeck export", "value", "unit"])
    return pd.concat([about, listed], ignore_index=True)


def _about_formats(sheet: Any) -> None:
    """Each total's value in its unit's number format (`pv_cost_usd`: whole dollars)."""
    for field, value in sheet.iter_rows(min_row=3, max_col=2):
        value.number_format = UNIT_FORMATS.get(column_unit(str(field.value)), "General")


def csv_texts(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """One CSV text per table, its header the first line (the stamp is in the sidecar).

    `pandas.read_csv(path)` reads them; `comment="#"`, as readers of the old stamped
    files pass, still works: a field holding `#` is quoted (`_csv_text`). Names are data:
    a text cell that a spreadsheet would read as a formula gets a leading apostrophe
    (`csv_text_cell`); numbers are never touched.
    """
    return {name: _csv_text(frame) for name, frame in tables.items()}


def _csv_text(frame: pd.DataFrame) -> str:
    """`frame` as CSV, formula-like text escaped and every field holding `#` quoted.

    pandas quotes a field only for a comma, a quote or a line break, so "C# Copilot" was
    cut at `#` by `read_csv(comment="#")`. Its text is then read back field by field and
    written again with `#` as one more reason to quote; without `#` it is pandas' own.
    """
    text: str = _csv_safe(frame).to_csv(index=False)
    if "#" not in text:
        return text
    rows = csv.reader(io.StringIO(text, newline=""))
    return "".join(",".join(_csv_field(f, len(row)) for f in row) + os.linesep for row in rows)


def _csv_field(field: str, fields: int) -> str:
    """One field as CSV, quoted if it holds a CSV_QUOTED character.

    A row's only field, when empty, is quoted too: bare, it would read as a blank line.
    """
    if any(c in field for c in CSV_QUOTED) or (fields == 1 and not field):
        return '"' + field.replace('"', '""') + '"'
    return field


def csv_text_cell(value: object) -> object:
    """`value`, with an apostrophe before text that starts like a formula (or with one).

    Read back: remove one leading apostrophe from a text cell that has one.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its text columns passed through `csv_text_cell`."""
    text = frame.select_dtypes(exclude="number").columns
    return frame.assign(**{str(c): frame[c].map(csv_text_cell) for c in text})


def _formulas_as_text(sheet: Any) -> None:
    """Keep every text cell of `sheet` text (`keep_as_text`): the export writes no formulas."""
    for row in sheet.iter_rows():
        for cell in row:
            keep_as_text(cell)


def keep_as_text(cell: Any) -> None:
    """Store an openpyxl text cell that starts like a formula as text, verbatim.

    openpyxl takes text starting with `=` for a formula; a name from a file must never be
    one. Text starting with `+ - @`, a tab or CR is text in the file already, but a
    spreadsheet would read it as a formula once the cell is edited: the quote prefix (an
    apostrophe typed before it, never part of the value) keeps it text. The one guard of
    the export and the finance workbook.
    """
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _tidy(sheet: Any) -> None:
    """Units as header comments, number formats by unit, readable widths, the header frozen."""
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    for header in sheet[1]:
        unit = column_unit(str(header.value))
        letter = get_column_letter(header.column)
        longest = max((len(str(c.value)) for c in sheet[letter][1:200]), default=0)
        sheet.column_dimensions[letter].width = min(max(len(str(header.value)), longest, 8) + 2, 48)
        if not unit:
            continue
        header.comment = Comment(f"Unit: {unit}", "ScaleDeck")
        for cell in sheet[letter][1:]:
            cell.number_format = UNIT_FORMATS.get(unit, "General")
    sheet.freeze_panes = "B2"


def _leaves(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list) and node and isinstance(node[0], dict | list):
        for i, value in enumerate(node):
            yield from _leaves(value, f"{path}[{i}]")
    else:
        yield path, ", ".join(map(str, node)) if isinstance(node, list) else node

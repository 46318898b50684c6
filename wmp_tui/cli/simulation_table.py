"""The simulation's result as tables and text plots for a terminal (Rich, no markup parsing)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

GRADES = ("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9")


def _share(value: object) -> str:
    return "-" if value is None else f"{float(value):.1%}"  # type: ignore[arg-type]


def _minutes(value: object) -> str:
    if value is None:
        return "-"
    total = round(float(value) * 60)  # type: ignore[arg-type]
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {seconds:02d} s"


def _figure(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key)
    if "median" in entry["measure"]:
        return _minutes(value)
    return _share(value)


def render(result: Mapping[str, Any], console: Console) -> None:
    """Every part of the result that is present, one table each."""
    period = result["period"]
    title = f"{period['days']} days" + (f" of {period['year']}" if period.get("year") else "")
    grades = Table(title=f"Simulated {title}: {period['logs']:,} logs, seeds {period['seeds']}")
    for column in ("grade", "logs", "attended", "within SLA", "attainment", "median to arrival"):
        grades.add_column(column, justify="right")
    for grade in GRADES:
        row = result["grades"][grade]
        grades.add_row(
            grade,
            f"{row['logs']:,}",
            f"{row['attended']:,}",
            f"{row['within_sla']:,}",
            _share(row["attainment"]),
            _minutes(row["median_minutes"]),
        )
    console.print(grades)

    seeds = Table(title="Beside the seeds (WMP 2019, seed 002 chapter 3B)")
    for column in ("figure", "seed", "simulated", "fitted or predicted", "goal", "met"):
        seeds.add_column(column)
    for entry in result["seeds"]:
        met = entry["met"]
        seeds.add_row(
            Text(entry["measure"]),
            _figure(entry, "seed"),
            _figure(entry, "simulated"),
            entry["kind"],
            entry["goal"],
            "-" if met is None else ("yes" if met else "NO"),
        )
    console.print(seeds)
    for fitted in result["fitted"]:
        console.print(
            Text(
                f"Fitted: {fitted['name']} = {fitted['value']} on {fitted['fitted_on']}; "
                "every other value is a stated assumption (--explain)."
            )
        )
    if "what_if" in result:
        _what_if(result["what_if"], console)
    _plots(result, console)


def _what_if(what_if: Mapping[str, Any], console: Console) -> None:
    aims = what_if["aspirations"]
    table = Table(
        title=(
            f"What if: {what_if['days']} days x {len(what_if['seeds'])} seeds each "
            f"(mean, and the lowest-highest run); aims P1 {aims['P1']:.0%}, P2 {aims['P2']:.0%}"
        )
    )
    for column in ("scenario", "P1 within 15 min", "P2 within 60 min", "P1 median", "P3 median"):
        table.add_column(column)
    for s in what_if["scenarios"]:
        table.add_row(
            Text(s["scenario"]),
            _spread(s["P1"]["attainment"]),
            _spread(s["P2"]["attainment"]),
            _minutes(s["P1"]["median_minutes"]["mean"]),
            _minutes(s["P3"]["median_minutes"]["mean"]),
        )
    console.print(table)
    uplift = what_if["scenarios"][1]
    p1 = uplift["P1"]["attainment"]["mean"]
    p2 = uplift["P2"]["attainment"]["mean"]
    if p1 is not None and p2 is not None:
        verdict = (
            "meets both aims"
            if p1 >= aims["P1"] and p2 >= aims["P2"]
            else "falls short of "
            + " and ".join(f"the {g} aim" for g, v in (("P1", p1), ("P2", p2)) if v < aims[g])
        )
        console.print(
            Text(f"The uplift gives P1 {p1:.0%} and P2 {p2:.0%} within SLA: it {verdict}.")
        )


def _spread(figure: Mapping[str, Any]) -> str:
    if figure["mean"] is None:
        return "-"
    return f"{figure['mean']:.1%} ({figure['low']:.1%}-{figure['high']:.1%})"


def _plots(result: Mapping[str, Any], console: Console) -> None:
    rows = [(g, result["grades"][g]["attainment"]) for g in ("P1", "P2", "P3")]
    console.print(Text("Attainment within SLA per grade"))
    for grade, share in rows:
        width = 0 if share is None else round(share * 50)
        console.print(Text(f"  {grade} {'█' * width:<50} {_share(share)}"))
    hourly = result["hourly"]
    console.print(Text("Hourly: P1-P3 logs a day (#) against response units on duty (o)"))
    _hour_bars(hourly["p1_p3_logs"], result["period"]["days"], hourly, console)


def _hour_bars(
    logs: Sequence[int], days: int, hourly: Mapping[str, Sequence[float]], console: Console
) -> None:
    per_day = [v / max(1, days) for v in logs]
    on = hourly["response_units_on_duty"]
    free = hourly["response_units_free"]
    top = max([*per_day, *on, 1.0])
    scale = 30 / top
    for hour in range(24):
        console.print(
            Text(
                f"  {hour:02d}:00 {'#' * round(per_day[hour] * scale):<30} {per_day[hour]:6.1f}"
                f"  {'o' * round(on[hour] * scale):<30} {on[hour]:6.1f} on duty,"
                f" {free[hour]:5.1f} free"
            )
        )


def render_explain(assumptions: Sequence[Mapping[str, Any]], console: Console) -> None:
    table = Table(title="The simulation's assumptions (each changed by its option)")
    for column in ("option", "value", "meaning", "source or reasoning"):
        table.add_column(column, overflow="fold")
    for a in assumptions:
        table.add_row(
            Text(a["option"]), Text(str(a["value"])), Text(a["meaning"]), Text(a["source"])
        )
    console.print(table)

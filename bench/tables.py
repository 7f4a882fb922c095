"""The tables and budget lines `make bench` prints."""

from bench.scenarios import SCENARIOS, SPANISH_TWINS


def with_spanish_twins(budgets: dict[str, int]) -> dict[str, int]:
    """The budgets in the scenarios' order, each Spanish scenario holding its English
    twin's: the visitor's language is to cost nothing."""
    english = {name: SPANISH_TWINS.get(name, name) for name in SCENARIOS}
    return {name: budgets[twin] for name, twin in english.items() if twin in budgets}


# Percent of the bare view's requests/s, per database.
BUDGETS = {
    "sqlite": with_spanish_twins(
        {"fragment": 40, "page": 35, "answer": 20, "home": 30, "search": 15}
    ),
    "postgres": with_spanish_twins({"fragment": 25, "answer": 12}),
}
P99_BUDGET_MS = 50  # at 16 connections, every visitor path, SQLite


def print_table(bare: dict, stack: dict, results: dict) -> None:
    print("| scenario | req/s | % of bare | % of stack | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(row("bare: one view, no middleware", bare, bare, stack))
    print(row("stack: one view, helpdesk settings", stack, bare, stack))
    for name, label in SCENARIOS.items():
        print(row(label, results[name], bare, stack))
    print()


def row(label: str, result: dict, bare: dict, stack: dict) -> str:
    return (
        f"| {label} | {result['rps']:.0f} | {100 * result['rps'] / bare['rps']:.0f}% "
        f"| {100 * result['rps'] / stack['rps']:.0f}% | {result['p50']:.2f} | "
        f"{result['p99']:.2f} | {result['errors']} |"
    )


def print_budgets(kind: str, connections: int, bare: dict, results: dict) -> None:
    for name, floor in BUDGETS[kind].items():
        result = results[name]
        share = 100 * result["rps"] / bare["rps"]
        verdict = "met" if share >= floor and result["errors"] == 0 else "MISSED"
        print(
            f"- {SCENARIOS[name]}: {share:.1f}% of bare, budget {floor}%, "
            f"{result['errors']} errors: {verdict}"
        )
    if kind == "sqlite" and connections == 16:
        worst = max(results, key=lambda name: results[name]["p99"])
        p99 = results[worst]["p99"]
        verdict = "met" if p99 <= P99_BUDGET_MS else "MISSED"
        print(
            f"- slowest p99: {SCENARIOS[worst]}, {p99:.1f} ms, budget {P99_BUDGET_MS} ms: {verdict}"
        )
    print()


def print_sizes(measured: dict) -> None:
    print("| response | bytes raw | gzip | br |")
    print("|---|---:|---:|---:|")
    for name, label in SCENARIOS.items():
        raw, gzipped, brotlied = measured[name]
        print(f"| {label} | {raw} | {gzipped} | {brotlied} |")
    print()
    fragment_gzip = measured["fragment"][1]
    verdict = "met" if fragment_gzip <= 2048 else "MISSED"
    print(f"- step fragment compressed: {fragment_gzip} B gzip, budget 2048 B: {verdict}")


def print_first_load(total: int, assets: list[str]) -> None:
    verdict = "met" if total <= 35 * 1024 else "MISSED"
    print(f"- first page load, HTML and {', '.join(assets)}, compressed (br): "
          f"{total / 1024:.1f} KB, budget 35 KB: {verdict}")  # fmt: skip


def print_growth(count: int, connections: int, before: dict, after: dict) -> None:
    print(f"| {connections} connections, after growth | req/s | of before | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for name, result in after.items():
        share = 100 * result["rps"] / before[name]["rps"]
        print(
            f"| {SCENARIOS[name]} | {result['rps']:.0f} | {share:.0f}% | "
            f"{result['p99']:.2f} | {result['errors']} |"
        )
    worst = min(100 * after[n]["rps"] / before[n]["rps"] for n in after)
    print(f"\n- growth: slowest is {worst:.0f}% of its figure before; compare with the spread "
          "between the 16- and 32-connection runs above and between repeated runs\n")  # fmt: skip

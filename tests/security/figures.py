"""Figures the security tests measure, printed at the end of every run (see tests/conftest.py):
the size of the permission matrix, the concurrent attempts and the hostile inputs tried."""

from collections import Counter

lines: dict[str, str] = {}
hostile_inputs: Counter = Counter()
races: dict[str, list[int]] = {}  # race name → [attempts, runs, invariant violations]


def record_race(name: str, attempts: int, violations: int) -> None:
    total = races.setdefault(name, [0, 0, 0])
    total[0] += attempts
    total[1] += 1
    total[2] += violations


def summary() -> list[str]:
    out = list(lines.values())
    if hostile_inputs:
        detail = ", ".join(f"{name} {count}" for name, count in sorted(hostile_inputs.items()))
        out.append(f"hostile inputs: {sum(hostile_inputs.values())} tried ({detail})")
    for name, (attempts, runs, violations) in sorted(races.items()):
        out.append(
            f"race {name}: {runs} runs, {attempts} concurrent attempts, "
            f"{violations} invariant violations"
        )
    return out


def export() -> dict:
    """The figures of this process, as plain data (an xdist worker sends them to the controller)."""
    return {"lines": dict(lines), "hostile_inputs": dict(hostile_inputs), "races": dict(races)}


def merge(exported: dict) -> None:
    """Add another process's figures (see ``export``) to this one's."""
    lines.update(exported["lines"])
    hostile_inputs.update(exported["hostile_inputs"])
    for name, (attempts, runs, violations) in exported["races"].items():
        total = races.setdefault(name, [0, 0, 0])
        total[0] += attempts
        total[1] += runs
        total[2] += violations

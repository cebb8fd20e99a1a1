"""Add up the JUnit reports of the suite's runs (one per app venv, one for the rest) into one closing line.

Exits 1 when any run failed, errored or ran no test at all (a run that tests nothing must not look green).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def totals(path: Path) -> dict[str, int]:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    out = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for key in out:
            out[key] += int(suite.get(key, 0))
    return out


def main(paths: list[str]) -> int:
    if not paths:
        print("test: no JUnit reports to add up", file=sys.stderr)
        return 1
    grand = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    empty = []
    for name in paths:
        one = totals(Path(name))
        if one["tests"] == 0:
            empty.append(name)
        passed = one["tests"] - one["failures"] - one["errors"] - one["skipped"]
        print(f"  {Path(name).stem:>6}: {passed} passed, {one['failures'] + one['errors']} failed, "
              f"{one['skipped']} skipped")  # fmt: skip
        for key in grand:
            grand[key] += one[key]
    failed = grand["failures"] + grand["errors"]
    passed = grand["tests"] - failed - grand["skipped"]
    if empty:
        print(f"test: these runs collected no test: {', '.join(empty)}", file=sys.stderr)
    print(f"total: {passed} passed, {failed} failed, {grand['skipped']} skipped")
    return 1 if failed or empty else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

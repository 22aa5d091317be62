"""Write the exact MILP of a planning problem as free MPS, and a plan as `name value` lines.

Variables x_<asset>_<strategy> (binary), rows ONE_<asset> (sum_s x = 1), B_<line>_<year>
(sum cost x <= budget), objective OBJ = sum objective[i, s] x. Numbers are written with repr()
(shortest round-trip float), so a solver reads exactly the values the plan was computed with.
"""

from __future__ import annotations

import re

import numpy as np

from .problem import Problem

_SAFE = re.compile(r"[^A-Za-z0-9_.\-]")


def _names(p: Problem) -> list[str]:
    raw = [p.asset_name(i) for i in range(p.n)]
    names = [_SAFE.sub("_", r) or str(i) for i, r in enumerate(raw)]
    if len(set(names)) != len(names):
        names = [str(i) for i in range(p.n)]
    return names


def variable_name(asset: str, s: int) -> str:
    return f"x_{asset}_{s}"


def write_mps(p: Problem, path: str, *, name: str = "wijkwerk_plan") -> int:
    """Write the program; returns the number of variables."""
    names = _names(p)
    con = p.constrained()
    y = p.years
    allowed = p.allowed
    line_of = p.line_of_asset()
    count = 0
    with open(path, "w", encoding="ascii") as f:
        f.write(f"NAME {name}\nOBJSENSE\n    MIN\nROWS\n N OBJ\n")
        for nm in names:
            f.write(f" E ONE_{nm}\n")
        budget_rows = {}
        for li in range(p.lines):
            for yy in range(y):
                if con[li, yy]:
                    budget_rows[(li, yy)] = f"B_{li}_{yy + 1}"
                    f.write(f" L B_{li}_{yy + 1}\n")
        f.write("COLUMNS\n    MARKER                 'MARKER'                 'INTORG'\n")
        for i in range(p.n):
            nm = names[i]
            t = p.cost_template[p.kind[i]]
            sc = p.scale[i]
            li = int(line_of[i])
            buf = []
            for s in range(p.s):
                if allowed is not None and not allowed[i, s]:
                    continue
                v = f"x_{nm}_{s}"
                buf.append(f" {v} OBJ {float(p.objective[i, s])!r} ONE_{nm} 1\n")
                for yy in range(y):
                    c = float(sc * t[s, yy])
                    if c != 0.0 and (li, yy) in budget_rows:
                        buf.append(f" {v} {budget_rows[(li, yy)]} {c!r}\n")
                count += 1
            f.write("".join(buf))
        f.write("    MARKER                 'MARKER'                 'INTEND'\nRHS\n")
        for nm in names:
            f.write(f" RHS ONE_{nm} 1\n")
        for (li, yy), row in budget_rows.items():
            f.write(f" RHS {row} {float(p.budgets[li, yy])!r}\n")
        f.write("BOUNDS\n")
        for i in range(p.n):
            nm = names[i]
            for s in range(p.s):
                if allowed is None or allowed[i, s]:
                    f.write(f" BV BND x_{nm}_{s}\n")
        f.write("ENDATA\n")
    return count


def write_solution(p: Problem, choice: np.ndarray, path: str) -> None:
    """One `name value` line per variable of the program: 1 for the chosen strategy, 0 otherwise."""
    names = _names(p)
    allowed = p.allowed
    with open(path, "w", encoding="ascii") as f:
        for i in range(p.n):
            nm = names[i]
            c = int(choice[i])
            f.write("".join(
                f"x_{nm}_{s} {1 if s == c else 0}\n" for s in range(p.s) if allowed is None or allowed[i, s]
            ))


def read_solution(path: str) -> dict[str, float]:
    out = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                out[parts[0]] = float(parts[1])
    return out

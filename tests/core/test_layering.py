"""Imports point down and are made at the top of a module (ARCHITECTURE.md, `.importlinter`).

An import inside a function is how an import loop gets dodged; these tests keep such imports few
(each with a stated reason: a heavy, rarely used library, or Django's app loading), so that a loop
fails the build instead. The full contracts run with `lint-imports` in `.ci/run`; the checks below
need nothing but the source and also run without import-linter installed.
"""

import ast
import re
from pathlib import Path

import wijkwerk

SRC = Path(wijkwerk.__file__).parent
# The measure: an import statement indented by a function (or class) body.
LOCAL_IMPORT = re.compile(r"^\s{4,}(from [.a-zA-Z_]+ import|import [a-zA-Z_])")
LOCAL_IMPORT_LIMIT = 20
APPS = ("municipalities", "areas", "assets", "inspections", "planning", "tendering", "demo")


def _sources():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.relative_to(SRC).parts:
            yield path


def _local_imports() -> list[str]:
    found = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if LOCAL_IMPORT.match(line):
                found.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    return found


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it, with relative imports made absolute."""
    package = ".".join(("wijkwerk", *path.relative_to(SRC).with_suffix("").parts))
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            modules.add(module)
            modules.update(f"{module}.{alias.name}" for alias in node.names)
    return modules


def _imports_of(package: str) -> dict[str, set[str]]:
    return {str(path.relative_to(SRC)): _imported_modules(path) for path in _sources()
            if path.relative_to(SRC).parts[0] == package}


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_few_imports_inside_functions():
    found = _local_imports()
    assert len(found) < LOCAL_IMPORT_LIMIT, (
        f"{len(found)} imports inside functions (fewer than {LOCAL_IMPORT_LIMIT} allowed). Import at the top "
        "of the module; an import loop is solved by moving what both sides need, not by hiding the import:\n"
        + "\n".join(found)
    )


def test_core_imports_no_app():
    offending = {
        (path, module)
        for path, modules in _imports_of("core").items()
        for module in modules
        if any(_under(module, f"wijkwerk.{app}") for app in APPS) or _under(module, "wijkwerk.celery")
    }
    assert not offending, f"core imports an app (apps import core, never the reverse): {sorted(offending)}"


def test_the_celery_app_and_the_tasks_do_not_import_each_other():
    tasks = _imported_modules(SRC / "core" / "tasks.py")
    assert not any(_under(module, "wijkwerk.celery") for module in tasks)


def test_tendering_reads_import_no_writes():
    modules = _imported_modules(SRC / "tendering" / "selectors.py")
    assert not any(_under(module, "wijkwerk.tendering.services") for module in modules)


def test_the_optimiser_imports_no_django_and_no_other_wijkwerk_module():
    offending = {
        (path, module)
        for path, modules in _imports_of("planning").items() if path.startswith("planning/optimiser/")
        for module in modules
        if _under(module, "django") or _under(module, "rest_framework")
        or (_under(module, "wijkwerk") and not _under(module, "wijkwerk.planning.optimiser"))
    }
    assert not offending, f"the optimiser must stay pure numpy/HiGHS: {sorted(offending)}"

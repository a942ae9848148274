"""The cases app's layout: imports go down only, and the sub-packages form no circle.

Read from the source (the ``import`` statements, at module level and inside functions),
so a lazy import that hides a circle counts too. The layers are in docs/architecture.md.
"""

import ast
from pathlib import Path

import onewindow.cases

ROOT = Path(onewindow.cases.__file__).parent
PACKAGE = "onewindow.cases"
SUB_PACKAGES = {
    "intake",
    "window",
    "department",
    "certificates",
    "clocks",
    "statistics",
    "instant",
    "demo",
    "search",
}
KERNEL = {"constants", "models", "workflow", "form_data", "moves", "notifications"}
BOTTOM = {"services", "selectors"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([PACKAGE, *parts])


def _imports(path: Path) -> set[str]:
    """The onewindow.cases modules and names this file imports, as absolute dotted paths."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith(PACKAGE + ".")}


def _files():
    return [p for p in ROOT.rglob("*.py") if "migrations" not in p.parts]


def _top(name: str) -> str:
    return name[len(PACKAGE) + 1 :].split(".")[0]


def test_the_kernel_and_the_bottom_import_no_sub_package():
    wrong = []
    for path in _files():
        own = _top(_module(path)) if _module(path) != PACKAGE else ""
        if own not in KERNEL | BOTTOM:
            continue
        for name in _imports(path):
            if _top(name) in SUB_PACKAGES:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
            if own in KERNEL and _top(name) in BOTTOM:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_the_sub_packages_import_each_other_in_no_circle():
    edges: dict[str, set[str]] = {package: set() for package in SUB_PACKAGES}
    for path in _files():
        own = _top(_module(path)) if _module(path) != PACKAGE else ""
        if own not in SUB_PACKAGES:
            continue
        edges[own].update(
            _top(name) for name in _imports(path) if _top(name) in SUB_PACKAGES - {own}
        )

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(nxt == goal or reaches(nxt, goal, seen | {nxt}) for nxt in edges[start] - seen)

    circles = sorted(package for package in SUB_PACKAGES if reaches(package, package, set()))
    assert circles == []


def test_the_old_flat_modules_are_gone():
    """One place for each module: no flat views_*.py, forms_*.py, urls_*.py left beside
    the sub-packages."""
    flat = sorted(
        p.name for p in ROOT.glob("*.py") if p.name.startswith(("views_", "forms_", "urls_"))
    )
    assert flat == []

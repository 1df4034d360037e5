"""The declared dependencies match the code: every third-party package the product imports
is a runtime dependency in pyproject.toml, no development tool is one, and requirements.txt
pins exactly the runtime dependencies (the tools are pinned in requirements-dev.txt)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = [
    "nsp",
    "certification",
    "cases",
    "funding",
    "reports",
    "privacy",
    "journal",
    "surveys",
]
DEV_TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "factory-boy",
    "hypothesis",
    "playwright",
    "axe-playwright-python",
    "ruff",
    "mypy",
    "django-stubs",
    "djangorestframework-stubs",
    "schemathesis",
    "pre-commit",
    "pypdf",
    "polib",
    "locust",
}


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement line (PEP 503)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        project: dict[str, object] = tomllib.load(f)["project"]
    return project


def _runtime() -> set[str]:
    return {_name(r) for r in _project()["dependencies"]}  # type: ignore[attr-defined]


def _dev() -> set[str]:
    extras = _project()["optional-dependencies"]
    return {_name(r) for r in extras["dev"]}  # type: ignore[index]


def _pins(path: str) -> set[str]:
    lines = (ROOT / path).read_text().splitlines()
    return {_name(ln) for ln in lines if ln.strip() and not ln.lstrip().startswith(("#", "-r"))}


def _imported_top_levels() -> set[str]:
    """Top-level modules imported by the product code (migrations included) and named by
    the settings (installed apps, middleware), minus the standard library and our own."""
    own = {*PRODUCT, "tests", "bench"}
    found: set[str] = set()
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    for dotted in [*settings.INSTALLED_APPS, *settings.MIDDLEWARE]:
        found.add(dotted.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in own}


def test_every_third_party_import_of_the_product_is_a_runtime_dependency() -> None:
    distributions = packages_distributions()
    runtime = _runtime()
    missing = {}
    for module in sorted(_imported_top_levels()):
        names = {_name(d) for d in distributions.get(module, [])}
        assert names, f"{module} is imported but no installed distribution provides it"
        if not names & runtime:
            missing[module] = sorted(names)
    assert not missing, f"imported by the product but not in [project].dependencies: {missing}"


def test_no_development_tool_is_a_runtime_dependency() -> None:
    assert not _runtime() & DEV_TOOLS
    assert {"pytest", "playwright", "mypy", "ruff", "schemathesis"} <= _dev()


def test_requirements_txt_pins_exactly_the_runtime_dependencies() -> None:
    assert _pins("requirements.txt") == _runtime()
    assert not _pins("requirements.txt") & DEV_TOOLS


def test_requirements_dev_txt_pins_the_dev_extra_on_top_of_the_runtime() -> None:
    text = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in text.splitlines()
    assert _pins("requirements-dev.txt") == _dev()


def test_python_3_11_to_3_13_are_accepted() -> None:
    assert _project()["requires-python"] == ">=3.11,<3.14"


# --- The house's floors (issue 14): nsp/ imports no domain app; no import circles -----

DOMAIN_APPS = ("certification", "cases", "funding", "reports", "privacy", "journal", "surveys")
PROJECT_PACKAGES = ("nsp", *DOMAIN_APPS)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _product_modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PROJECT_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    }


def _module_level_imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules imported when ``path`` is imported (not inside functions, not under
    ``if TYPE_CHECKING``): ``from a.b import c`` counts as ``a.b.c`` when that is a module."""
    found: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    found.add(sub if sub in modules else node.module)
            elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)

    visit(ast.parse(path.read_text(), str(path)).body)
    return {name for name in found if name in modules}


def test_the_project_package_imports_no_domain_app() -> None:
    """nsp/ is the ground floor: apps plug in through the settings' provider lists."""
    modules = _product_modules()
    offenders = []
    for name, path in modules.items():
        if not name.startswith("nsp"):
            continue
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            imported = []
            if isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported = [node.module]
            offenders += [f"{name}: {i}" for i in imported if i.split(".")[0] in DOMAIN_APPS]
    assert not offenders


def test_no_two_product_modules_import_each_other_in_a_circle() -> None:
    modules = _product_modules()
    graph = {
        name: {
            target
            for target in _module_level_imports(path, modules)
            # A package importing its own submodules (and they it) is how packages work.
            if not (target.startswith(name + ".") or name.startswith(target + "."))
        }
        for name, path in modules.items()
    }
    circles = []
    for start in graph:
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    circles.append(" -> ".join([*trail, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert not circles, circles[:5]

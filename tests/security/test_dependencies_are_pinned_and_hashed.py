"""Every package is pinned and hashed, and installed only if its hash matches (issue 12, 13).

A package replaced on a mirror or in transit would otherwise be installed as it came.
The lock files carry each distribution's sha256 hashes (pip-compile --generate-hashes);
`make` installs with --require-hashes, which refuses anything unpinned or unhashed.
"""

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)")


def _lock(name: str) -> dict[str, tuple[str, list[str]]]:
    """{package: (version, [hashes])} of a pip-compile lock file."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = PIN.match(stripped)
        if match:
            current = canonicalize_name(match.group(1))
            entries[current] = (match.group(2), [])
        elif stripped.startswith("--hash=") and current:
            entries[current][1].append(stripped.split("=", 1)[1].rstrip(" \\"))
        elif not stripped.startswith("--"):
            raise AssertionError(f"{name}: not a pinned requirement: {stripped!r}")
    return entries


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_every_locked_package_is_pinned_and_hashed():
    for name in ("requirements.lock", "requirements-dev.lock"):
        entries = _lock(name)
        assert len(entries) > 40, name
        unhashed = [pkg for pkg, (_v, hashes) in entries.items() if not hashes]
        assert unhashed == [], f"{name}: no hash for {unhashed}"
        for pkg, (_version, hashes) in entries.items():
            assert all(h.startswith("sha256:") and len(h) == 71 for h in hashes), pkg


def test_every_runtime_dependency_and_what_it_needs_is_in_the_lock():
    runtime = _lock("requirements.lock")
    wanted = [Requirement(r) for r in _pyproject()["dependencies"]]
    missing = [str(r.name) for r in wanted if canonicalize_name(r.name) not in runtime]
    assert missing == []
    # Whatever the installed packages need at run time is locked too (the whole tree).
    seen, todo = set(), [canonicalize_name(r.name) for r in wanted]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        assert name in runtime, f"{name} is installed at run time but not locked"
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))


def test_the_dev_lock_installs_the_same_runtime_versions():
    runtime, dev = _lock("requirements.lock"), _lock("requirements-dev.lock")
    differ = {
        p: (v, dev.get(p, ("absent",))[0])
        for p, (v, _h) in runtime.items()
        if dev.get(p, ("absent",))[0] != v
    }
    assert differ == {}


def test_make_installs_only_with_matching_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and " -r " in line]
    assert len(installs) == 2
    assert all("--require-hashes" in line for line in installs)

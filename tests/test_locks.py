"""The lock files installs come from: each pins every dependency pyproject.toml declares."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# The app's lock, and one per extra that is installed from a lock (make lock writes them).
LOCKS = {None: "requirements.lock", "test": "requirements-test.lock"}
LOCKS.update({extra: f"requirements-{extra}.lock" for extra in ("rq", "celery")})


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirement: str) -> str:
    return canonical(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement).group())


def pinned(lock: str) -> dict[str, set[str]]:
    """Each package the lock names, with its pinned versions (one per Python, at most)."""
    pins: dict[str, set[str]] = {}
    for line in (ROOT / lock).read_text().splitlines():
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)", line)
        if match:
            pins.setdefault(canonical(match[1]), set()).add(match[2])
    return pins


@pytest.mark.parametrize("extra", list(LOCKS), ids=lambda extra: extra or "app")
def test_each_lock_pins_what_pyproject_declares_with_hashes(extra):
    lock = LOCKS[extra]
    wanted = list(PROJECT["dependencies"])
    if extra:
        wanted += PROJECT["optional-dependencies"][extra]
    pins = pinned(lock)
    missing = sorted({declared(r) for r in wanted} - set(pins))
    assert not missing, f"{lock} lacks {missing}: run make lock"
    text = (ROOT / lock).read_text()
    assert all("--hash=sha256:" in block for block in re.split(r"\n(?=[A-Za-z0-9])", text)[1:]), (
        f"{lock} has a package without hashes: run make lock"
    )


@pytest.mark.parametrize("extra", [extra for extra in LOCKS if extra])
def test_the_locks_of_the_extras_keep_the_apps_pins(extra):
    app = pinned(LOCKS[None])
    with_extra = pinned(LOCKS[extra])
    changed = sorted(name for name, versions in app.items() if with_extra.get(name) != versions)
    assert not changed, f"{LOCKS[extra]} pins {changed} otherwise than requirements.lock"


def test_the_image_installs_from_the_lock_of_its_extra():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert '--require-hashes -r "requirements${EXTRAS:+-$EXTRAS}.lock"' in dockerfile
    assert "pip install --no-cache-dir --no-deps ." in dockerfile
    compose = (ROOT / "docker-compose.yml").read_text()
    for extra in set(re.findall(r"EXTRAS: (\w+)", compose)):
        assert (ROOT / f"requirements-{extra}.lock").exists(), extra

#!/usr/bin/env python3
"""`make dist` and `make dist-check`.

build: the release artifacts, into dist/ —
  the abi3 wheel (maturin checks the manylinux tag) and the sdist; the npm package in napi-rs'
  release layout (the main package without a binary, whose optionalDependencies name one package
  per platform, and the linux-x64-gnu package with the release .node); the .crate files of the
  three published crates. The release .node and wheel are the ones `make test` tests.
check: installs them where nothing of the repo is reachable — the wheel into a fresh venv whose
  PATH has no Rust toolchain, the tarballs into a fresh npm project outside the repo — and runs the
  quickstarts and a test that uses the mock fixtures there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
NODE = ROOT / "bindings" / "node"
VENV_BIN = ROOT / ".venv" / "bin"
CRATES = ["waha-groups", "waha-mock", "waha-groups-conformance", "waha-groups-cli"]
PLATFORM = "linux-x64-gnu"  # the platform this machine builds; the release workflow builds the rest


def run(*cmd: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, check=True)


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def version() -> str:
    meta = json.loads(subprocess.run(["cargo", "metadata", "--no-deps", "--format-version", "1", "--locked"], cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    return next(p["version"] for p in meta["packages"] if p["name"] == "waha-groups")


def build_python() -> None:
    for old in DIST.glob("waha_groups-*"):
        old.unlink()
    run(VENV_BIN / "maturin", "build", "--release", "--locked", "-m", "bindings/python/Cargo.toml", "-o", DIST)
    run(VENV_BIN / "maturin", "sdist", "-m", "bindings/python/Cargo.toml", "-o", DIST)


def build_node_binary() -> None:
    """The release .node, next to the package (node --test uses it) and checked against the committed loader."""
    run("npx", "napi", "build", "--platform", "--release", "--js", "binding.js", "--dts", "binding.d.ts", "--target-dir", target_dir(), cwd=NODE)
    drift = subprocess.run(["git", "diff", "--quiet", "--", "binding.d.ts", "binding.js"], cwd=NODE)
    if drift.returncode != 0:
        sys.exit("binding.d.ts/binding.js differ from the committed files: commit the regenerated ones")


def pack_node(ver: str) -> None:
    """Stages the main package (with optionalDependencies per platform, as `napi pre-publish`
    writes them) and the linux-x64-gnu package, and packs both into dist/."""
    stage = DIST / "npm"
    shutil.rmtree(stage, ignore_errors=True)
    pkg = json.loads((NODE / "package.json").read_text())
    platforms = sorted(p.name for p in (NODE / "npm").iterdir())
    main = stage / pkg["name"]
    main.mkdir(parents=True)
    for name in pkg["files"]:
        shutil.copy(NODE / name, main / name)
    shutil.copy(ROOT / "README.md", main / "README.md")
    pkg["optionalDependencies"] = {f"{pkg['name']}-{p}": ver for p in platforms}
    pkg.pop("devDependencies", None)
    pkg.pop("scripts", None)
    (main / "package.json").write_text(json.dumps(pkg, indent=2) + "\n")
    plat = stage / PLATFORM
    shutil.copytree(NODE / "npm" / PLATFORM, plat)
    shutil.copy(NODE / f"{pkg['napi']['binaryName']}.{PLATFORM}.node", plat)
    for old in DIST.glob("waha-groups-*.tgz"):
        old.unlink()
    for d in (main, plat):
        run("npm", "pack", "--silent", "--pack-destination", DIST, cwd=d)


# The workspace's [profile.dev]: a packaged crate is verified as its own workspace, without our
# profile, so without these it would rebuild every dependency instead of reusing cargo test's.
DEV_PROFILE = ['profile.dev.debug="line-tables-only"', 'profile.dev.package."*".debug=false']


def forget_verified_sources() -> None:
    """`cargo package` verifies each crate against the others through a temporary local
    registry, and cargo extracts that registry's crates under $CARGO_HOME/registry/src/-<hash>/,
    keyed by the registry's path, name and version only. A second run from the same checkout
    path would reuse the first run's extraction and verify against stale sources, so ours go."""
    src = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo")) / "registry" / "src"
    for registry in src.glob("-*"):
        for crate in CRATES:
            shutil.rmtree(registry / f"{crate}-{version()}", ignore_errors=True)


def package_crates() -> None:
    forget_verified_sources()
    config = [a for c in DEV_PROFILE for a in ("--config", c)]
    run("cargo", "package", "--locked", "--allow-dirty", *config, *[a for c in CRATES for a in ("-p", c)])
    for crate in CRATES:
        src = target_dir() / "package" / f"{crate}-{version()}.crate"
        shutil.copy(src, DIST / src.name)


def build(parts: list[str]) -> None:
    DIST.mkdir(exist_ok=True)
    ver = version()
    if "python" in parts:
        build_python()
    if "node" in parts:
        build_node_binary()
        pack_node(ver)
    if "crates" in parts:
        package_crates()
    for f in sorted(DIST.iterdir()):
        if f.is_file():
            print(f"{f.stat().st_size / 1e6:8.2f} MB  {f.name}")


def no_rust_path() -> str:
    """PATH without any directory that holds cargo or rustc."""
    keep = [d for d in os.environ["PATH"].split(os.pathsep) if d and not any((Path(d) / t).exists() for t in ("cargo", "rustc"))]
    return os.pathsep.join(keep)


def timed(what: str, fn) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    fn()
    print(f"{what}: {time.monotonic() - started:.1f} s", flush=True)


def check_python(work: Path) -> None:
    wheel = next(DIST.glob("waha_groups-*.whl"))
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{no_rust_path()}", "EXPECTED_VERSION": version()}
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    if shutil.which("cargo", path=env["PATH"]) or shutil.which("rustc", path=env["PATH"]):
        sys.exit("a Rust toolchain is still on PATH")
    py = venv / "bin" / "python"
    timed("wheel install", lambda: run(py, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel, env=env, cwd=work))
    run(py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "pytest>=8,<10", env=env, cwd=work)
    shutil.copy(ROOT / "examples" / "python" / "quickstart.py", work / "quickstart.py")
    shutil.copy(ROOT / "tests" / "dist" / "test_installed_wheel.py", work / "test_installed_wheel.py")
    run(py, "quickstart.py", env=env, cwd=work)
    run(py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_installed_wheel.py", env=env, cwd=work)


def check_node(work: Path) -> None:
    project = work / "node-project"
    project.mkdir()
    (project / "package.json").write_text(json.dumps({"name": "clean-install", "version": "1.0.0", "private": True}) + "\n")
    tarballs = sorted(DIST.glob("waha-groups-*.tgz"))
    timed("npm install", lambda: run("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *tarballs, cwd=project))
    shutil.copy(ROOT / "examples" / "node" / "quickstart.mjs", project / "quickstart.mjs")
    shutil.copy(ROOT / "tests" / "dist" / "installed.test.mjs", project / "installed.test.mjs")
    run("node", "quickstart.mjs", cwd=project)
    run("node", "--test", "installed.test.mjs", cwd=project, env={**os.environ, "EXPECTED_VERSION": version()})


def check() -> None:
    with tempfile.TemporaryDirectory(prefix="waha-dist-") as tmp:
        work = Path(tmp)
        check_python(work)
        check_node(work)


if __name__ == "__main__":
    match sys.argv[1:]:
        case ["build", *parts]:
            build(parts or ["python", "node", "crates"])
        case ["check"]:
            check()
        case _:
            sys.exit("usage: dist.py build [python] [node] [crates] | check")

"""`make bench`: measures our client, bindings, webhook parsing and mock side by side with
what users would pick instead, in one run on this machine, and writes bench/RESULTS.md and
bench/ratios.png. Loopback only. `--quick` shrinks every loop (the one-time release builds
and tool installs are not part of the quick budget).

Every figure is the median of several rounds with its spread (min–max); comparisons are
ratios measured in the same run, never absolute thresholds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
VENV = ROOT / ".venv-bench"
PY = VENV / "bin" / "python"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
MOCK = TARGET / "release" / "waha-mock"
BENCH_RUST = TARGET / "release" / "bench-rust"
WAHA_PY = "2026.9.2"


def sh(*cmd: Any, cwd: Path = ROOT, env: Optional[Dict[str, str]] = None, capture: bool = False) -> str:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, check=True, text=True, stdout=subprocess.PIPE if capture else None)
    return r.stdout if capture else ""


def setup() -> None:
    """Installs the comparison tools and builds release artifacts."""
    if not PY.exists():
        sh(sys.executable, "-m", "venv", VENV)
    sh(PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "maturin>=1.7,<2", f"waha-py=={WAHA_PY}", "httpx", "pydantic>=2", "matplotlib")
    sh("cargo", "build", "--release", "--locked", "-q", "-p", "waha-mock", "-p", "waha-groups-bench", "--bin", "waha-mock", "--bin", "bench-rust")
    env = dict(os.environ, VIRTUAL_ENV=str(VENV))
    sh(VENV / "bin" / "maturin", "develop", "--release", "-q", "--locked", "-m", "bindings/python/Cargo.toml", env=env)
    node = ROOT / "bindings" / "node"
    if not (node / "node_modules").exists():
        sh("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=node)
    sh("npx", "napi", "build", "--release", "--platform", "--js", "binding.js", "--dts", "binding.d.ts", "--target-dir", TARGET, cwd=node)
    sh("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=BENCH)
    if shutil.which("wrk") is None:
        if os.geteuid() == 0:
            sh("apt-get", "update", "-qq")
            sh("apt-get", "install", "-y", "-qq", "wrk")
        else:
            sys.exit("bench needs `wrk` (apt-get install wrk)")


def med(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def spread(xs: Sequence[float], fmt: str = "{:.0f}") -> str:
    return f"{fmt.format(med(xs))} ({fmt.format(min(xs))}–{fmt.format(max(xs))})"


class Mock:
    """A release `waha-mock` process on a free port."""

    def __init__(self, engine: str = "GOWS", limits: str = "off") -> None:
        self.started = time.perf_counter()
        args = [str(MOCK), "--port", "0", "--engine", engine, "--limits", limits]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        info = json.loads(self.proc.stdout.readline())
        self.url: str = info["url"]
        self.host, port = self.url.removeprefix("http://").split(":")
        self.port = int(port)

    def conn(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port)

    def request(self, method: str, path: str, body: Any = None) -> Tuple[int, Any]:
        c = self.conn()
        c.request(method, path, body=None if body is None else json.dumps(body), headers={"content-type": "application/json"})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, json.loads(data) if data else None

    def seed(self, groups: int, members: int) -> None:
        status, _ = self.request("POST", "/__mock/seed", {"groups": groups, "members": members})
        assert status == 200

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Canned:
    """`bench-rust serve`: fixed recorded bodies (one 50-member group, one 50-group page), so the
    server costs a few µs and the client benchmarks measure client work."""

    def __init__(self, get_body: Path, list_body: Path) -> None:
        self.proc = subprocess.Popen([str(BENCH_RUST), "serve", str(get_body), str(list_body)], stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.url: str = json.loads(self.proc.stdout.readline())["url"]
        g = json.loads(get_body.read_text())
        self.group_id: str = g.get("JID") or (g["id"]["_serialized"] if isinstance(g.get("id"), dict) else g["id"])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def first_group(mock: Mock) -> str:
    _, groups = mock.request("GET", "/api/default/groups?limit=1")
    if isinstance(groups, dict):
        return next(iter(groups))
    g = groups[0]
    return g.get("JID") or (g["id"]["_serialized"] if isinstance(g.get("id"), dict) else g["id"])


def recorded_bodies() -> List[Path]:
    """Per persona, what the release mock answers for a 50-group × 50-member page and one group."""
    files = []
    for engine in ("WEBJS", "WPP", "NOWEB", "GOWS"):
        mock = Mock(engine)
        mock.seed(50, 50)
        gid = first_group(mock)
        for kind, path in (("list", "/api/default/groups?limit=50"), ("get", f"/api/default/groups/{gid.replace('@', '%40')}")):
            c = mock.conn()
            c.request("GET", path)
            body = c.getresponse().read()
            c.close()
            out = OUT / f"{engine}-{kind}.json"
            out.write_bytes(body)
            files.append(out)
        mock.stop()
    return files


def bulk(repeats: int) -> Dict[str, Any]:
    """`create` with 1,000 members on the release mock, with `/ping` answered meanwhile."""
    out: Dict[str, Any] = {}
    for engine in ("WEBJS", "NOWEB", "GOWS"):
        mock = Mock(engine)
        creates: List[float] = []
        pings: List[float] = []
        # The first create of a fresh process also grows its heap (page faults): timed apart,
        # then the rounds measure the steady state.
        first = [{"id": f"{480_000_000_000 + k}@c.us"} for k in range(1000)]
        t = time.perf_counter()
        status, _ = mock.request("POST", "/api/default/groups", {"name": "Warm-up", "participants": first})
        first_ms = (time.perf_counter() - t) * 1000
        assert status == 201, status
        for r in range(repeats):
            members = [{"id": f"{490_000_000_000 + r * 1000 + k}@c.us"} for k in range(1000)]
            # Encoded before the pinger starts and the answer not parsed: the pinger shares this
            # process's GIL, and json.dumps/json.loads of 1,000 members held it while pings waited.
            body = json.dumps({"name": "Big", "participants": members})
            stop = threading.Event()

            def ping() -> None:
                while not stop.is_set():
                    t = time.perf_counter()
                    c = mock.conn()
                    c.request("GET", "/ping")
                    c.getresponse().read()
                    c.close()
                    pings.append((time.perf_counter() - t) * 1000)

            pinger = threading.Thread(target=ping)
            pinger.start()
            t = time.perf_counter()
            c = mock.conn()
            c.request("POST", "/api/default/groups", body=body, headers={"content-type": "application/json"})
            response = c.getresponse()
            response.read()
            c.close()
            status = response.status
            creates.append((time.perf_counter() - t) * 1000)
            stop.set()
            pinger.join()
            assert status == 201, status
        mock.stop()
        out[engine] = {"create_ms": creates, "ping_ms": pings, "first_create_ms": first_ms}
    return out


# The membership-job rows: the mock's member rate (real time), what the job is told it may use
# (more: it has to find the limit), and the job sizes.
JOB_LIMIT_PER_MINUTE = 600.0
JOB_START_PER_MINUTE = 1000.0


def jobs(members: int, memory_members: int) -> Dict[str, Any]:
    """A `bench-rust job` against a release mock with a member rate of 600/min (1,000 members:
    the achieved rate and the refusals after the first), and one of `memory_members` members
    without a limit (the job's peak memory, in its own process)."""
    limited = Mock("NOWEB", limits=f"rate={JOB_LIMIT_PER_MINUTE},burst=20")
    paced = json.loads(sh(BENCH_RUST, "job", limited.url, members, JOB_START_PER_MINUTE, 20, capture=True))
    limited.stop()
    free = Mock("NOWEB")
    big = json.loads(sh(BENCH_RUST, "job", free.url, memory_members, 10_000_000, 100, capture=True))
    free.stop()
    return {"paced": paced, "memory": big}


def events_file(min_bytes: int) -> Path:
    """Real-shape webhook fixtures, repeated into a JSONL batch of at least `min_bytes`."""
    manifest = json.loads((ROOT / "tests" / "fixtures" / "manifest.json").read_text())
    bodies = [json.dumps(json.loads((ROOT / "tests" / "fixtures" / e["file"]).read_text()), separators=(",", ":")) for e in manifest["webhooks"]]
    lines: List[str] = []
    size = 0
    while size < min_bytes:
        for b in bodies:
            lines.append(b)
            size += len(b) + 1
    path = OUT / "events.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def wrk(url: str, seconds: int, script: Optional[Path] = None) -> Dict[str, float]:
    cmd = ["wrk", "-t1", "-c16", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    out = sh(*cmd, url, capture=True)
    res: Dict[str, float] = {}

    def ms(v: str) -> float:
        for unit, f in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
            if v.endswith(unit):
                return float(v[: -len(unit)]) * f
        return float(v)

    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            res["rps"] = float(parts[1])
        elif len(parts) == 2 and parts[0] in ("50%", "99%"):
            res["p" + parts[0].rstrip("%")] = ms(parts[1])
        elif "Non-2xx" in line:
            res["non2xx"] = float(parts[-1])
    return res


def time_to_first_answer(start: Any, url_path: str, port_of: Any) -> float:
    t = time.perf_counter()
    proc = start()
    port = port_of(proc)
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", url_path)
            c.getresponse().read()
            return time.perf_counter() - t
        except OSError:
            time.sleep(0.01)


def mock_vs_prism(seconds: int, repeats: int) -> Dict[str, Any]:
    mock = Mock("GOWS")
    mock.seed(200, 50)
    gid = first_group(mock)
    get_url = f"{mock.url}/api/default/groups/{gid.replace('@', '%40')}"
    lua = OUT / "add.lua"
    lua.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                   'wrk.body = \'{"participants":[{"id":"4915112345678@c.us"}]}\'\n')
    ours_get = [wrk(get_url, seconds) for _ in range(repeats)]
    ours_add = [wrk(f"{mock.url}/api/default/groups/{gid.replace('@', '%40')}/participants/add", seconds, lua) for _ in range(repeats)]
    mock.stop()

    prism_bin = BENCH / "node_modules" / ".bin" / "prism"
    spec = ROOT / "schema" / "waha" / "waha-openapi-groups-2026.7.2.json"
    port = 4010 + os.getpid() % 1000

    def start_prism() -> subprocess.Popen[bytes]:
        return subprocess.Popen([str(prism_bin), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    procs: List[Any] = []

    def keep(p: Any) -> Any:
        procs.append(p)
        return p

    prism_startup = time_to_first_answer(lambda: keep(start_prism()), "/api/default/groups/count", lambda p: port)
    prism_get = [wrk(f"http://127.0.0.1:{port}/api/default/groups/123%40g.us", seconds) for _ in range(repeats)]
    for p in procs:
        p.terminate()
        p.wait()

    def start_ours() -> Mock:
        return Mock("GOWS")

    ours_startup_runs = []
    for _ in range(repeats):
        holder: Dict[str, Mock] = {}
        ours_startup_runs.append(time_to_first_answer(lambda: holder.setdefault("m", start_ours()), "/api/default/groups/count", lambda m: m.port))
        holder["m"].stop()
    version = sh(str(prism_bin), "--version", capture=True).strip()
    return {"ours_get": ours_get, "ours_add": ours_add, "prism_get": prism_get, "prism_startup": prism_startup,
            "ours_startup": ours_startup_runs, "prism_version": version}


def scale(sizes: Sequence[int], members: int) -> List[Dict[str, Any]]:
    rows = []
    for n in sizes:
        mock = Mock("GOWS")
        base_rss = mock.rss_mb()
        t = time.perf_counter()
        mock.seed(n, members)
        seed_s = time.perf_counter() - t
        c = mock.conn()

        def timed(path: str, times: int) -> List[float]:
            out = []
            for _ in range(times):
                t0 = time.perf_counter()
                c.request("GET", path)
                r = c.getresponse()
                r.read()
                assert r.status == 200, (path, r.status)
                out.append((time.perf_counter() - t0) * 1000)
            return out

        page = f"/api/default/groups?limit=50&sortBy=subject&offset={n // 2}"
        cold = timed(page, 1)[0]
        warm = timed(page, 20)
        count = timed("/api/default/groups/count", 20)
        gid = first_group(mock)
        get = timed(f"/api/default/groups/{gid.replace('@', '%40')}", 50)
        rows.append({"groups": n, "members": members, "rss_mb": mock.rss_mb(), "base_rss_mb": base_rss, "seed_s": seed_s,
                     "list_cold_ms": cold, "list_warm_ms": warm, "count_ms": count, "get_ms": get})
        c.close()
        mock.stop()
    return rows


SOAK_LUA = """
local gid = "%s"
local json = {["Content-Type"] = "application/json"}
local member = '{"participants":[{"id":"4915112345678@c.us"}]}'
local n = 0
request = function()
  n = n + 1
  local k = n %% 6
  local g = "/api/default/groups/" .. gid
  if k == 0 then return wrk.format("GET", g)
  elseif k == 1 then return wrk.format("GET", "/api/default/groups?limit=20")
  elseif k == 2 then return wrk.format("PUT", g .. "/subject", json, '{"subject":"soak ' .. n .. '"}')
  elseif k == 3 then return wrk.format("POST", g .. "/participants/add", json, member)
  elseif k == 4 then return wrk.format("POST", g .. "/participants/remove", json, member)
  else return wrk.format("GET", "/ping") end
end
"""

INPROCESS_MOCK = """
import json, sys, time
from waha_groups.testing import MockWaha
with MockWaha("GOWS") as m:
    print(json.dumps({"url": m.url}), flush=True)
    sys.stdin.read()
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def soak(seconds: int) -> Dict[str, Any]:
    """Mixed traffic at full speed (reads, list pages, renames, adds and removes that emit events,
    pings) against the release CLI and against the mock in-process in Python; RSS after warm-up."""
    out: Dict[str, Any] = {}
    for kind in ("cli", "in_process"):
        if kind == "cli":
            proc = subprocess.Popen([str(MOCK), "--port", "0", "--engine", "GOWS"], stdout=subprocess.PIPE, text=True)
        else:
            proc = subprocess.Popen([str(PY), "-c", INPROCESS_MOCK], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        url = json.loads(proc.stdout.readline())["url"]
        host, port = url.removeprefix("http://").split(":")
        c = http.client.HTTPConnection(host, int(port))
        c.request("POST", "/__mock/seed", body=json.dumps({"groups": 200, "members": 50}), headers={"content-type": "application/json"})
        c.getresponse().read()
        c.request("GET", "/api/default/groups?limit=1")
        g = json.loads(c.getresponse().read())[0]
        c.close()
        lua = OUT / "soak.lua"
        lua.write_text(SOAK_LUA % g["JID"].replace("@", "%40"))
        wrk(url, 5, lua)  # warm-up: caches, allocator, journal and event log filled to their bounds
        start = rss_mb(proc.pid)
        samples: List[float] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(2):
                samples.append(rss_mb(proc.pid))

        t = threading.Thread(target=sample)
        t.start()
        r = wrk(url, seconds, lua)
        stop.set()
        t.join()
        end = rss_mb(proc.pid)
        if proc.stdin is not None:
            proc.stdin.close()
        proc.terminate()
        proc.wait(timeout=10)
        out[kind] = {"seconds": seconds, "rps": r["rps"], "p99_ms": r.get("p99"), "non2xx": r.get("non2xx", 0), "rss_start_mb": start, "rss_end_mb": end,
                     "rss_max_mb": max(samples + [end])}
    return out


def wrk_version() -> str:
    # `wrk --version` prints its banner and exits non-zero.
    out = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return " ".join((out.stdout or out.stderr).split()[:2])


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "-"


def report(res: Dict[str, Any], quick: bool, elapsed: float) -> str:
    py, node, rust, mp, sc = res["python"], res["node"], res["rust"], res["mock"], res["scale"]
    v = py["versions"]
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `make bench{'-quick' if quick else ''}` in {elapsed:.0f} s on {platform.machine()}, {os.cpu_count()} cores, "
        f"Linux {platform.release()}; loopback only. Figures are medians of the rounds with (min–max); "
        "ratios compare medians from this same run (>1× means ours is faster / smaller, unless noted).",
        "",
        f"Versions: waha-groups {res['version']} (release build), waha-py {v['waha_py']}, httpx {v['httpx']}, "
        f"pydantic {v['pydantic']}, Python {v['python']}, Node {node['versions']['node']}, Prism {mp['prism_version']}, "
        f"{wrk_version()}.",
        "",
        "Sections 1–3 run against a canned-body server (`bench-rust serve`: the WEBJS recordings of one 50-member group, "
        "6.7 KB, and a 50-group page, 336 KB), so the server costs a few µs and client work dominates.",
        "",
        "## 1. Python client (sequential calls/s, higher is better; 1000 concurrent asyncio calls, wall s, lower is better)",
        "",
        "| operation | waha_groups | waha-py | plain httpx | vs waha-py | vs httpx |",
        "|---|---|---|---|---|---|",
    ]
    for op, label in (("get", "`get` calls/s"), ("list50", "`list(limit=50)` calls/s"),
                      ("list50_read", "`list(limit=50)` + every field read, calls/s")):
        r = py["clients"][op]
        lines.append(f"| {label} | {spread(r['waha_groups'])} | {spread(r['waha_py'])} | {spread(r['httpx'])} | "
                     f"{ratio(med(r['waha_groups']), med(r['waha_py']))} | {ratio(med(r['waha_groups']), med(r['httpx']))} |")
    r = py["clients"]["concurrent"]
    lines.append(f"| 1000 concurrent `get` (s) | {spread(r['waha_groups'], '{:.3f}')} | {spread(r['waha_py'], '{:.3f}')} | "
                 f"{spread(r['httpx'], '{:.3f}')} | {ratio(med(r['waha_py']), med(r['waha_groups']))} | {ratio(med(r['httpx']), med(r['waha_groups']))} |")
    lines += [
        "",
        "Goals: `get` and `list` ≥ 2× waha-py and ≥ 1× httpx; 1000 concurrent ≥ 3× waha-py. Results are native classes whose "
        "fields become Python objects when first read; the *every field read* row adds reading each group's fields and each "
        "member's id/pn/role (and the same keys of the dicts the others return), so laziness is not what the ratio measures. "
        "waha-py's `get_group`/`get_groups` return plain dicts.",
    ]
    lines += [
        "",
        "## 2. Node client (sequential calls/s; 1000 concurrent calls, wall s)",
        "",
        "| operation | waha-groups | plain fetch | ratio |",
        "|---|---|---|---|",
    ]
    for op, label in (("get", "`get` calls/s"), ("list50", "`list({limit: 50})` calls/s"),
                      ("list50_read", "`list({limit: 50})` + every field read, calls/s")):
        r = node[op]
        lines.append(f"| {label} | {spread(r['waha_groups'])} | {spread(r['fetch'])} | {ratio(med(r['waha_groups']), med(r['fetch']))} |")
    r = node["concurrent"]
    lines.append(f"| 1000 concurrent `get` (s) | {spread(r['waha_groups'], '{:.3f}')} | {spread(r['fetch'], '{:.3f}')} | {ratio(med(r['fetch']), med(r['waha_groups']))} |")
    lines += [
        "",
        "Goal: `get` and `list` ≥ 1× `fetch` + `res.json()`. A result's `raw`, a group's `participants` and an event's `payload` "
        "are parsed when first read; the *every field read* row reads each group's fields and each member's id/pn/role "
        "(and the same keys of the WEBJS objects `fetch` returns).",
    ]
    lines += [
        "",
        "## 3. Rust client overhead (µs per call, lower is better)",
        "",
        "Against the canned-body server. Goals: `get` overhead ≤ 5 µs, `list` ≥ 1.0×.",
        "",
        "| call (typed) | ours | bare reqwest GET + `serde_json::from_slice::<Value>` | overhead per call | ratio |",
        "|---|---|---|---|---|",
        *[f"| {label} | {spread(r['sdk_us'], '{:.1f}')} | {spread(r['raw_us'], '{:.1f}')} | "
          f"{r['sdk_median'] - r['raw_median']:+.1f} µs | {ratio(r['raw_median'], r['sdk_median'])} |"
          for label, r in (("`Groups::get` → `Group`", rust["client"]), ("`Groups::list(limit 50)` → `Vec<Group>`", rust["client"]["list"]))],
        "",
        "### Core decode (MB/s, higher is better): the typed decoders vs `serde_json::from_slice::<Value>` of the same bytes",
        "",
        "Recorded from the release mock per persona: a `list(limit=50)` page of 50-member groups and one group. Goal: typed ≥ 1.0× untyped.",
        "",
        "| persona | answer | bytes | typed (`engine::group_list` / `engine::group`) | `Value` | ratio |",
        "|---|---|---|---|---|---|",
        *[f"| {name.split('-')[0]} | {name.split('-')[1]} | {d['bytes']:,} | {spread(d['typed_mbps'], '{:.0f}')} | {spread(d['value_mbps'], '{:.0f}')} | "
          f"{ratio(med(d['typed_mbps']), med(d['value_mbps']))} |" for name, d in rust.get("decode", {}).items()],
        "",
        f"## 4. Webhook parsing ({py['webhooks']['events']} real-shape group events, {py['webhooks']['bytes'] / 1e6:.1f} MB; seconds per batch, lower is better)",
        "",
        "| language | ours (parse + validate + type) | alternative | ratio | `JSON.parse` / `json.loads` alone |",
        "|---|---|---|---|---|",
        f"| Rust | `webhook::parse` {spread(rust['webhooks']['seconds'], '{:.3f}')} | — | — | `from_slice::<Value>` {spread(rust['webhooks']['value_seconds'], '{:.3f}')} "
        f"({ratio(rust['webhooks']['value_median'], rust['webhooks']['median'])}; goal ≥ 1.0×) |",
        f"| Python | `parse_webhook` {spread(py['webhooks']['waha_groups'], '{:.3f}')} | hand-written pydantic v2 envelope {spread(py['webhooks']['pydantic_envelope'], '{:.3f}')} | "
        f"{ratio(med(py['webhooks']['pydantic_envelope']), med(py['webhooks']['waha_groups']))} (goal ≥ 2×) | {spread(py['webhooks']['json_loads'], '{:.3f}')} "
        f"({ratio(med(py['webhooks']['json_loads']), med(py['webhooks']['waha_groups']))}; goal ≥ 1×) |",
        f"| Python | `parse_webhook` + every field read {spread(py['webhooks']['waha_groups_read_all'], '{:.3f}')} | same | "
        f"{ratio(med(py['webhooks']['pydantic_envelope']), med(py['webhooks']['waha_groups_read_all']))} | — |",
        f"| Python | — | pydantic v2 + waha-py payload models only {spread(py['webhooks']['pydantic_waha_py_payloads'], '{:.3f}')} | "
        f"{ratio(med(py['webhooks']['pydantic_waha_py_payloads']), med(py['webhooks']['waha_groups']))} | — |",
        f"| Node | `parseWebhook` {spread(node['webhooks']['waha_groups'], '{:.3f}')} | — | — | {spread(node['webhooks']['json_parse'], '{:.3f}')} "
        f"({ratio(med(node['webhooks']['json_parse']), med(node['webhooks']['waha_groups']))}; goal ≥ 0.5×) |",
        f"| Node | `parseWebhook` + envelope and payload read {spread(node['webhooks']['waha_groups_read_all'], '{:.3f}')} | — | — | — |",
        "",
        f"waha-py's envelope models (`WebhookGroupV2*`) rejected {py['webhooks']['waha_py_envelope_rejections']} of "
        f"{py['webhooks']['typed_events']} v2 group events (they declare `event` as an object), so the baseline is the envelope "
        "a user would write by hand (`hand_written_envelope` in `bench/python_bench.py`: one pydantic model per v2 group event "
        f"chosen by `event`, other events kept as dicts; it rejected {py['webhooks']['pydantic_envelope_rejections']} events). "
        "The last row validates only each event's `payload` with waha-py's payload models — less work than a full envelope.",
        "",
        "## 5. Mock server (wrk, 1 thread, 16 connections)",
        "",
        "| | waha-mock | Prism mock (WAHA's OpenAPI) | ratio |",
        "|---|---|---|---|",
    ]
    og, pg, oa = mp["ours_get"], mp["prism_get"], mp["ours_add"]
    lines += [
        f"| `GET /groups/{{id}}` requests/s | {spread([x['rps'] for x in og])} | {spread([x['rps'] for x in pg])} | {ratio(med([x['rps'] for x in og]), med([x['rps'] for x in pg]))} |",
        f"| `GET /groups/{{id}}` p50 / p99 ms | {med([x['p50'] for x in og]):.2f} / {med([x['p99'] for x in og]):.2f} | {med([x['p50'] for x in pg]):.2f} / {med([x['p99'] for x in pg]):.2f} | |",
        f"| `POST …/participants/add` requests/s | {spread([x['rps'] for x in oa])} | (not stateful) | |",
        f"| `POST …/participants/add` p50 / p99 ms | {med([x['p50'] for x in oa]):.2f} / {med([x['p99'] for x in oa]):.2f} | | |",
        f"| startup to first answer, ms | {spread([x * 1000 for x in mp['ours_startup']])} | {mp['prism_startup'] * 1000:.0f} | {ratio(mp['prism_startup'], med(mp['ours_startup']))} |",
        "",
        "### Bulk member changes: `create` with 1,000 members (goal ≤ 50 ms) and `/ping` meanwhile (goal ≤ 5 ms)",
        "",
        "| persona | create ms | `/ping` during it, max ms | first create of a fresh mock, ms |",
        "|---|---|---|---|",
        *[f"| {e} | {spread(b['create_ms'], '{:.1f}')} | {max(b['ping_ms'] or [0.0]):.1f} | {b['first_create_ms']:.1f} |" for e, b in res.get("bulk", {}).items()],
        "",
        *job_rows(res.get("jobs")),
        "### Soak: mixed traffic at full speed (reads, list pages, renames, adds/removes with events, pings); goal: RSS grows ≤ 20 MB after warm-up",
        "",
        "| mock | seconds | requests/s | p99 ms | non-2xx | RSS start MB | RSS end MB | RSS max MB | growth MB |",
        "|---|---|---|---|---|---|---|---|---|",
        *[f"| {'release CLI' if k == 'cli' else 'in-process (Python)'} | {x['seconds']} | {x['rps']:.0f} | {x['p99_ms'] or 0:.2f} | {x['non2xx']:.0f} | "
          f"{x['rss_start_mb']:.1f} | {x['rss_end_mb']:.1f} | {x['rss_max_mb']:.1f} | {x['rss_max_mb'] - x['rss_start_mb']:+.1f} |"
          for k, x in res.get("soak", {}).items()],
        "",
        "## 6. Scale (GOWS persona, groups × 50 members; ms per request over keep-alive HTTP)",
        "",
        "| groups | RSS MB | seed s | `count` ms | `list` page cold ms | `list` page warm ms | `get` ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in sc:
        lines.append(f"| {row['groups']:,} | {row['rss_mb']:.0f} | {row['seed_s']:.2f} | {med(row['count_ms']):.2f} | {row['list_cold_ms']:.1f} | "
                     f"{spread(row['list_warm_ms'], '{:.2f}')} | {med(row['get_ms']):.2f} |")
    lines += ["", "![ratios](ratios.png)", ""]
    return "\n".join(lines)


def job_rows(j: Optional[Dict[str, Any]]) -> List[str]:
    """Section 5's membership-job rows."""
    if not j:
        return []
    p, m = j["paced"], j["memory"]
    achieved = p["added"] / p["seconds"] * 60
    return [
        f"### Membership job: {p['members']:,} adds against the mock's member rate of {JOB_LIMIT_PER_MINUTE:.0f}/min (burst 20), "
        f"the job started at {JOB_START_PER_MINUTE:.0f}/min",
        "",
        "| | value | goal |",
        "|---|---|---|",
        f"| achieved rate / limit | {achieved:.0f}/min / {JOB_LIMIT_PER_MINUTE:.0f}/min = {achieved / JOB_LIMIT_PER_MINUTE:.2f} ({p['seconds']:.1f} s) | ≥ 0.90 |",
        f"| rate-overlimit answers after the first | {max(p['rate_limited'] - 1, 0)} (of {p['requests']} requests) | ≤ 3 |",
        f"| peak RSS of a {m['members']:,}-member job (Rust, own process; mock without limits) | "
        f"{m['peak_rss_mb']:.1f} MB ({m['rss_before_mb']:.1f} MB before the job; {m['seconds']:.1f} s) | ≤ 50 MB |",
        "",
    ]


def chart(res: Dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    py, node, rust, mp = res["python"], res["node"], res["rust"], res["mock"]
    bars = [
        ("Python get vs waha-py", med(py["clients"]["get"]["waha_groups"]) / med(py["clients"]["get"]["waha_py"])),
        ("Python list vs waha-py", med(py["clients"]["list50"]["waha_groups"]) / med(py["clients"]["list50"]["waha_py"])),
        ("Python 1000 async vs waha-py", med(py["clients"]["concurrent"]["waha_py"]) / med(py["clients"]["concurrent"]["waha_groups"])),
        ("Python get vs httpx", med(py["clients"]["get"]["waha_groups"]) / med(py["clients"]["get"]["httpx"])),
        ("Node get vs fetch", med(node["get"]["waha_groups"]) / med(node["get"]["fetch"])),
        ("Node 1000 concurrent vs fetch", med(node["concurrent"]["fetch"]) / med(node["concurrent"]["waha_groups"])),
        ("Rust get vs bare reqwest", rust["client"]["raw_median"] / rust["client"]["sdk_median"]),
        ("Rust list vs bare reqwest", rust["client"]["list"]["raw_median"] / rust["client"]["list"]["sdk_median"]),
        ("Webhooks Py vs pydantic", med(py["webhooks"]["pydantic_waha_py_payloads"]) / med(py["webhooks"]["waha_groups"])),
        ("Mock GET rps vs Prism", med([x["rps"] for x in mp["ours_get"]]) / med([x["rps"] for x in mp["prism_get"]])),
    ]
    fig, ax = plt.subplots(figsize=(9, 4.5))
    names = [b[0] for b in bars]
    values = [b[1] for b in bars]
    ax.barh(names, values, color=["#2a9d8f" if v >= 1 else "#e76f51" for v in values])
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlabel("ratio (>1: waha-groups faster)")
    for i, v in enumerate(values):
        ax.text(v, i, f" {v:.2f}×", va="center")
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(BENCH / "ratios.png", dpi=110)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="small loops (under 2 minutes after the one-time setup)")
    p.add_argument("--skip-setup", action="store_true")
    p.add_argument("--chart-only", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.chart_only:  # runs under the bench venv, which has matplotlib
        chart(json.loads((OUT / "results.json").read_text()))
        return
    OUT.mkdir(exist_ok=True)
    if not a.skip_setup:
        setup()
    started = time.perf_counter()
    q = a.quick
    iters, repeats, seconds = (100, 3, 2) if q else (400, 5, 5)
    sizes = [1_000, 10_000] if q else [1_000, 10_000, 100_000]
    events = events_file(1_000_000 if q else 5_000_000)
    res: Dict[str, Any] = {"version": json.loads(sh("cargo", "metadata", "--no-deps", "--format-version", "1", capture=True))["packages"][0]["version"]}

    bodies = recorded_bodies()
    canned = Canned(OUT / "WEBJS-get.json", OUT / "WEBJS-list.json")
    url, gid = canned.url, canned.group_id
    res["python"] = json.loads(sh(PY, BENCH / "python_bench.py", "--url", url, "--id", gid, "--iters", iters,
                                  "--repeats", repeats, "--concurrent", 1000, "--events", events, capture=True))
    res["node"] = json.loads(sh("node", BENCH / "node_bench.mjs", url, gid, iters, repeats, 1000, events, capture=True))
    res["rust"] = {
        "client": json.loads(sh(BENCH_RUST, "client", url, gid, iters * 2, repeats, capture=True)),
        "webhooks": json.loads(sh(BENCH_RUST, "webhooks", events, repeats, capture=True)),
        "decode": json.loads(sh(BENCH_RUST, "decode", repeats, *bodies, capture=True)),
    }
    canned.stop()
    res["mock"] = mock_vs_prism(seconds, repeats)
    res["bulk"] = bulk(repeats)
    res["jobs"] = jobs(200 if q else 1_000, 10_000 if q else 100_000)
    res["soak"] = soak(20 if q else 60)
    res["scale"] = scale(sizes, 50)
    elapsed = time.perf_counter() - started
    (OUT / "results.json").write_text(json.dumps(res, indent=1))
    (BENCH / "RESULTS.md").write_text(report(res, q, elapsed))
    sh(PY, Path(__file__).resolve(), "--chart-only")
    print((BENCH / "RESULTS.md").read_text())


if __name__ == "__main__":
    main()

"""wrk (Debian's package) as the load generator of the HTTP benchmarks (issue 17).

wrk is C: its two threads spend a few percent of a core where the earlier urllib3 client
spent about 1 ms of CPU per request on the same two cores as the server. Each run sends a
list of prepared requests in turn (each thread starting at its own place), counts every
answer that is not 200/201 and prints its numbers as one JSON line, parsed here.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import cases_common as common


def _lua_string(value: str) -> str:
    return "[==[" + value + "]==]"


def script(requests: list[tuple[str, str, dict, str | None]]) -> str:
    """A wrk Lua script sending ``requests`` (method, path, headers, body) round robin."""
    rows = []
    for method, path, headers, body in requests:
        head = ", ".join(f"[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in headers.items())
        rows.append(
            f"{{{_lua_string(method)}, {_lua_string(path)}, {{{head}}}, "
            f"{_lua_string(body) if body is not None else 'nil'}}}"
        )
    return (
        "local reqs = {\n"
        + ",\n".join(rows)
        + "\n}\n"
        + """
local n = #reqs
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  i = (id * 7919) % n
  bad = 0
  firstbad = ""
end
function request()
  i = i % n + 1
  local r = reqs[i]
  return wrk.format(r[1], r[2], r[3], r[4])
end
function response(status, headers, body)
  if status ~= 200 and status ~= 201 then
    bad = bad + 1
    if firstbad == "" then firstbad = status .. " " .. string.sub(body, 1, 200) end
  end
end
function done(summary, latency, requests)
  local bad_total, first = 0, ""
  for _, t in ipairs(threads) do
    bad_total = bad_total + t:get("bad")
    if first == "" then first = t:get("firstbad") end
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bad": %d, "socket_errors": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "first_bad": %q}\\n',
    summary.requests, summary.duration, bad_total,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    first))
end
"""
    )


def run(port: int, requests, *, seconds: float, connections: int = 8, threads: int = 2) -> dict:
    """One wrk run; the rate counts only 200/201 answers."""
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("需要 wrk：apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as f:
        f.write(script(requests))
        path = f.name
    try:
        cmd = [
            wrk,
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds:g}s",
            "--timeout",
            "10s",
            "-s",
            path,
            f"http://127.0.0.1:{port}",
        ]
        done = subprocess.run(cmd, capture_output=True, text=True)
    finally:
        os.unlink(path)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        sys.exit(f"wrk 失败: {done.stdout[-500:]} {done.stderr[-500:]}")
    result = json.loads(line[len("WRKJSON ") :])
    seconds = result["duration_us"] / 1e6
    good = result["requests"] - result["bad"]
    result.update(
        seconds=seconds,
        good=good,
        rate=good / seconds,
        p50=result["p50_us"] / 1000,
        p95=result["p95_us"] / 1000,
        p99=result["p99_us"] / 1000,
    )
    return result


# -- gunicorn with the production configuration ------------------------------------------------
def start_gunicorn(port: int, *, workers: int, threads: int, worker_class: str = "gthread"):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="benchmarks.ceiling_settings",
        LOG_LEVEL="WARNING",
        DEBUG="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_THREADS=str(threads),
        GUNICORN_WORKER_CLASS=worker_class,
        GUNICORN_LOG_LEVEL="warning",
        PYTHONPATH=str(common.REPO_ROOT),
    )
    cmd = [
        str(common.REPO_ROOT / ".venv" / "bin" / "gunicorn"),
        "-c",
        str(common.REPO_ROOT / "deploy" / "gunicorn.conf.py"),
    ]
    return subprocess.Popen(cmd, cwd=common.REPO_ROOT, env=env, start_new_session=True)


def wait_ready(port: int, token: str, server, timeout: float = 90):
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn 启动失败")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/bench/ceiling",
            headers={"Authorization": f"Bearer {token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    sys.exit("gunicorn 未能在规定时间内就绪")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def line(label: str, run: dict, ceiling: float | None = None) -> str:
    share = f"  = {run['rate'] / ceiling:.0%} of the ceiling {ceiling:.0f}/s" if ceiling else ""
    bad = f"  (not 200/201: {run['bad']} {run['first_bad'][:120]})" if run["bad"] else ""
    return (
        f"{label:<34} {run['rate']:>7.0f}/s  p50 {run['p50']:>6.1f} ms  p95 {run['p95']:>6.1f} ms"
        f"  p99 {run['p99']:>6.1f} ms{share}{bad}"
    )

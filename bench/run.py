"""Measure llmkg against the plain libraries at several graph sizes and print one table.

    python bench/run.py                                   # shipped,1000,10000
    python bench/run.py --sizes shipped,1000,10000,100000 --baseline-cap 600 --json out.json
    python bench/run.py --sizes 100000 --cap 600 --profile validation

For every size (``shipped`` is the packaged graph; a number N is a file of N synthetic models
written by ``bench/generate.py``), two fresh subprocesses run, one after the other:

* **llmkg**: ``llmkg.load(FILES)`` split into parsing into the Oxigraph store (``graph.read``)
  and inference in the store (``graph.infer_into``); SHACL validation with llmkg's engine
  (``llmkg.validate.data_findings``: the shapes compiled to SPARQL); every canned query
  (``kg.query(name)`` with default parameters); the quality and consistency checks. "Full
  validate" is parse + inference + SHACL, for both systems.
* **baseline**: rdflib ``Graph().parse`` of the same files, ``owlrl.DeductiveClosure(
  OWLRL_Semantics).expand``, and ``pyshacl.validate(data, shacl_graph=shapes,
  inference="none")``.

Peak memory is each subprocess's ``ru_maxrss``, read with ``os.wait4`` (the per-child form of
``getrusage(RUSAGE_CHILDREN)``, which would otherwise be a running maximum over all children).
Cold CLI start is the wall time of ``llmkg validate`` and ``llmkg query classes`` on the shipped
graph (median of ``--cli-runs``); its baseline is the wall time of the baseline subprocess on the
shipped graph (interpreter start, imports, parse, OWL RL closure, pySHACL).

Caps: each llmkg phase stops after ``--cap`` seconds (a SIGALRM in the worker; queries use
``LLMKG_QUERY_TIMEOUT``; with ``--query-cap`` each query runs in a forked child that is killed
at that cap, so a stopped query cannot keep running in a thread and slow the phases after it)
and each baseline phase after ``--baseline-cap``; a baseline phase whose
time, extrapolated from the previous size with its growth exponent (at least 1), would exceed
the cap is skipped without running, and so are the phases that depend on it. Synthetic files
larger than llmkg's default 64 MiB input limit are read with ``LLMKG_MAX_BYTES`` raised.

Growth exponent ``k = log(t2/t1) / log(n2/n1)`` between consecutive sizes, ``n`` = model records
(1 is linear, 2 quadratic); fixed costs (such as SHACL-for-SHACL on the shapes) pull ``k`` below
the asymptotic value at small sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import math
import os
import platform
import pstats
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BASELINE_CHAIN = ("parse", "inference", "validation")  # each baseline phase needs the previous


class PhaseTimeout(BaseException):  # not an Exception: libraries must not swallow it
    pass


# -- worker side ----------------------------------------------------------------------------


class Recorder:
    """Appends one JSON object per finished phase, so a killed worker still leaves results."""

    def __init__(self, path: Path, cap: float, profile: set[str]) -> None:
        self.path = path
        self.cap = cap
        self.profile = profile

    def write(self, **entry: Any) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")

    def phase(self, name: str, work: Callable[[], Any], cap: float | None = None,
              info: Callable[[Any], dict[str, Any]] | None = None) -> tuple[bool, Any]:
        """Run ``work`` under a time cap; record seconds and status; return (ok, value)."""
        cap = self.cap if cap is None else cap
        profiler = cProfile.Profile() if name in self.profile else None

        def alarm(_signum: int, _frame: object) -> None:
            raise PhaseTimeout

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, cap)
        start = time.perf_counter()
        status, value, detail = "ok", None, None
        try:
            if profiler:
                profiler.enable()
            value = work()
        except PhaseTimeout:
            status = "timeout"
        except Exception as exc:  # recorded, not fatal: the other phases still run
            status, detail = "error", f"{type(exc).__name__}: {exc}"[:500]
        finally:
            if profiler:
                profiler.disable()
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        seconds = time.perf_counter() - start
        entry: dict[str, Any] = {"phase": name, "seconds": seconds, "status": status}
        if detail:
            entry["detail"] = detail
        if status == "ok" and info:
            entry.update(info(value))
        if profiler:
            entry["profile"] = profile_text(profiler)
        self.write(**entry)
        return status == "ok", value

    def forked(self, name: str, work: Callable[[], Any], cap: float,
               info: Callable[[Any], dict[str, Any]]) -> None:
        """Run ``work`` in a forked child, killed at ``cap`` seconds, so that nothing of a
        stopped query (llmkg's timeout leaves it running in a thread) slows later phases."""
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: time the work itself, report, and leave at once
            os.close(read_end)
            start = time.perf_counter()
            try:
                value = work()
                entry = {"seconds": time.perf_counter() - start, "status": "ok", **info(value)}
            except BaseException as exc:
                entry = {"seconds": time.perf_counter() - start, "status": "error",
                         "detail": f"{type(exc).__name__}: {exc}"[:500]}
            os.write(write_end, json.dumps(entry).encode("utf-8"))
            os._exit(0)
        os.close(write_end)
        deadline = time.monotonic() + cap
        while True:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                break
            time.sleep(0.01)
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        entry = json.loads(data) if data else {"seconds": cap, "status": "timeout",
                                               "forked": True}
        self.write(phase=name, **entry)


def profile_text(profiler: cProfile.Profile, top: int = 15) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs()
    out.write("== by internal time ==\n")
    stats.sort_stats("tottime").print_stats(top)
    out.write("== by cumulative time ==\n")
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


@contextlib.contextmanager
def timed_calls(
    module: Any, names: tuple[str, ...]
) -> Generator[dict[str, float], None, None]:
    """Wrap ``module.name`` for each name so the seconds spent in it are summed."""
    spent: dict[str, float] = {}
    originals = {n: getattr(module, n) for n in names if hasattr(module, n)}

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

        return timed

    for name, fn in originals.items():
        setattr(module, name, wrap(name, fn))
    try:
        yield spent
    finally:
        for name, fn in originals.items():
            setattr(module, name, fn)


def worker_llmkg(files: list[str] | None, rec: Recorder, query_cap: float | None) -> None:
    import llmkg
    import llmkg.graph as graph_module
    from llmkg import checks, resources
    from llmkg.parsing import parse_file
    from llmkg.validate import data_findings

    with timed_calls(graph_module, ("read", "infer_into")) as spent:
        ok, kg = rec.phase("load", lambda: llmkg.load(files),
                           info=lambda kg: {"triples": len(kg), "models": len(kg.models())})
    if not ok:
        return
    rec.write(phase="parse", seconds=spent.get("read"), status="ok")
    rec.write(phase="inference", seconds=spent.get("infer_into"), status="ok")
    shapes = parse_file(resources.shapes_file())
    rec.phase("validation", lambda: data_findings(kg, shapes),
              info=lambda found: {"violations": len(found)})
    for name in sorted(kg.queries()):
        if query_cap:
            rec.forked(f"query:{name}", lambda name=name: kg.query(name), query_cap,
                       info=lambda result: {"rows": len(result.terms)})
        else:
            rec.phase(f"query:{name}", lambda name=name: kg.query(name),
                      info=lambda result: {"rows": len(result.terms)})
    if query_cap:
        # One forked child per check query (the engine cannot be interrupted by a signal).
        for layer in ("quality", "consistency"):
            for check in checks.checks(layer):
                rec.forked(f"check:{check.name}",
                           lambda text=check.text: kg.backend.select(text, 10**7), query_cap,
                           info=lambda result: {"rows": len(result[1])})
    else:
        rec.phase("checks", lambda: [f for layer in ("quality", "consistency")
                                     for f in checks.run(kg, layer)],
                  info=lambda found: {"findings": len(found)})


def worker_baseline(files: list[str], shapes: str, rec: Recorder, skip: set[str]) -> None:
    import owlrl
    import pyshacl
    from rdflib import Graph

    graph = Graph()

    def parse() -> Graph:
        for path in files:
            graph.parse(path, format="turtle")
        return graph

    def closure() -> None:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)

    def validate() -> bool:
        shapes_graph = Graph().parse(shapes, format="turtle")
        conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none")
        return bool(conforms)

    steps = {"parse": parse, "inference": closure, "validation": validate}
    infos: dict[str, Callable[[Any], dict[str, Any]]] = {
        "parse": lambda g: {"triples": len(g)},
        "inference": lambda _: {"triples_after": len(graph)},
        "validation": lambda conforms: {"conforms": conforms},
    }
    for name in BASELINE_CHAIN:
        if name in skip:
            rec.write(phase=name, seconds=None, status="skipped")
            continue
        ok, _ = rec.phase(name, steps[name], info=infos[name])
        if not ok:
            for rest in BASELINE_CHAIN[BASELINE_CHAIN.index(name) + 1:]:
                rec.write(phase=rest, seconds=None, status="skipped")
            return


def worker_main(args: argparse.Namespace) -> int:
    rec = Recorder(Path(args.out), args.cap, set(args.profile))
    files = None if args.files == ["shipped"] else args.files
    if args.system == "llmkg":
        worker_llmkg(files, rec, args.query_cap)
    else:
        from llmkg import resources

        if files is None:
            files = [str(p) for p in resources.data_files()]
        all_files = [str(resources.ontology_file()), *files]
        worker_baseline(all_files, str(resources.shapes_file()), rec, set(args.skip))
    return 0


# -- parent side ----------------------------------------------------------------------------


def run_worker(system: str, files: list[str], cap: float, profile: list[str],
               skip: list[str], env: dict[str, str], hard_timeout: float,
               query_cap: float | None = None) -> dict[str, Any]:
    """Run one worker subprocess; return its phases, wall time, peak RSS and exit status."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        out = Path(handle.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", system,
           "--out", str(out), "--cap", str(cap), "--files", *files]
    if profile:
        cmd += ["--profile", *profile]
    if skip:
        cmd += ["--skip", *skip]
    if query_cap:
        cmd += ["--query-cap", str(query_cap)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(hard_timeout, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    phases: dict[str, dict[str, Any]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        phases[entry.pop("phase")] = entry
    out.unlink()
    return {
        "phases": phases,
        "wall_seconds": wall,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # Linux: kilobytes
        "exit_code": proc.returncode,
        "killed_after_seconds": hard_timeout if killed.is_set() else None,
    }


def cold_cli(runs: int, env: dict[str, str]) -> dict[str, Any]:
    exe = Path(sys.executable).with_name("llmkg")
    results = {}
    for label, argv in (("validate", ["validate"]), ("query classes", ["query", "classes"])):
        times, codes = [], []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run([str(exe), *argv], env=env, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
            codes.append(done.returncode)
        results[label] = {"seconds": statistics.median(times), "all_seconds": times,
                          "exit_codes": codes}
    return results


def exponent(t1: float | None, t2: float | None, n1: int | None, n2: int | None) -> float | None:
    if not (t1 and t2 and n1 and n2) or n1 == n2 or t1 <= 0 or t2 <= 0:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def seconds_of(entry: dict[str, Any] | None) -> float | None:
    if entry and entry.get("status") == "ok":
        return entry.get("seconds")
    return None


def baseline_skips(previous: dict[str, Any] | None, before: dict[str, Any] | None,
                   n: int, cap: float) -> tuple[list[str], dict[str, float]]:
    """Baseline phases to skip at ``n`` models: those predicted to exceed ``cap``."""
    if previous is None:
        return [], {}
    predicted: dict[str, float] = {}
    skip: list[str] = []
    for name in BASELINE_CHAIN:
        if skip:  # a later phase needs the skipped one
            skip.append(name)
            continue
        entry = previous["baseline"]["phases"].get(name)
        t1 = seconds_of(entry)
        if t1 is None:  # it timed out or was skipped at the smaller size: skip it again
            skip.append(name)
            continue
        k = 1.0
        if before is not None:
            k = max(1.0, exponent(seconds_of(before["baseline"]["phases"].get(name)), t1,
                                  before["models"], previous["models"]) or 1.0)
        predicted[name] = t1 * (n / previous["models"]) ** k
        if predicted[name] > cap:
            skip.append(name)
    return skip, predicted


# -- the table ------------------------------------------------------------------------------


def fmt_seconds(entry: dict[str, Any] | None, cap: float) -> str:
    if entry is None:
        return "—"
    status = entry.get("status")
    mark = "*" if entry.get("profile") else ""  # profiled: the time includes cProfile's cost
    if status == "ok":
        s = entry["seconds"]
        if s is None:
            return "—"
        text = f"{s:.3f}" if s < 1 else f"{s:.2f}" if s < 10 else f"{s:.1f}" if s < 100 \
            else f"{s:.0f}"
        return text + mark
    if status == "timeout":
        return f">{entry.get('seconds') or cap:.0f}{mark}"
    if status == "skipped":
        return "skip"
    return "err"


def fmt_ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b <= 0:
        return "—"
    return f"{a / b:.2f}" if a / b < 10 else f"{a / b:.1f}"


def fmt_k(k: float | None) -> str:
    return "—" if k is None else f"{k:.2f}"


def build_rows(sizes: list[dict[str, Any]], cli: dict[str, Any] | None,
               query_names: list[str], has_checks: bool) -> list[tuple[str, str | None,
                                                                      str | None, str]]:
    """(label, llmkg phase, baseline phase, kind) rows; kind is 'time', 'mem' or 'cli'."""
    rows: list[tuple[str, str | None, str | None, str]] = [
        ("triples (base: after owlrl, else parsed)", "triples", "triples", "count"),
        ("parse (base: rdflib)", "parse", "parse", "time"),
        ("inference (base: owlrl)", "inference", "inference", "time"),
        ("llmkg.load total", "load", None, "time"),
        ("SHACL validation (base: pyshacl)", "validation", "validation", "time"),
        ("full validate: parse+inference+SHACL", "full", "full", "time"),
    ]
    if has_checks:
        rows.append(("checks (quality+consistency)", "checks", None, "time"))
    rows += [(f"query {name}", f"query:{name}", None, "time") for name in query_names]
    rows.append(("all queries (sum)", "queries-sum", None, "time"))
    if cli:
        rows += [("cold CLI: llmkg validate", "validate", "baseline-wall", "cli"),
                 ("cold CLI: llmkg query classes", "query classes", None, "cli")]
    rows.append(("peak memory (MB)", "rss", "rss", "mem"))
    return rows


def cell(size: dict[str, Any], system: str, phase: str | None, kind: str,
         cli: dict[str, Any] | None) -> dict[str, Any] | None:
    if phase is None:
        return None
    if kind == "mem":
        rss = size[system]["peak_rss_mb"]
        return None if rss is None else {"status": "ok", "seconds": rss}
    if kind == "count":
        phases = size[system]["phases"]
        count = phases.get("load", {}).get("triples") if system == "llmkg" else \
            phases.get("inference", {}).get("triples_after") or \
            phases.get("parse", {}).get("triples")
        return None if count is None else {"status": "ok", "seconds": count}
    if kind == "cli":
        if size["label"] != "shipped" or cli is None:
            return None
        if system == "llmkg":
            return {"status": "ok", "seconds": cli[phase]["seconds"]}
        return {"status": "ok", "seconds": size["baseline"]["wall_seconds"]}
    if phase == "full":
        parts = [size[system]["phases"].get(p) for p in ("parse", "inference", "validation")]
        if any(part is None or part.get("seconds") is None for part in parts):
            return None
        status = "ok" if all(part["status"] == "ok" for part in parts) else "timeout"
        return {"status": status, "seconds": sum(part["seconds"] for part in parts)}
    if phase in ("queries-sum", "checks"):
        prefix = "query:" if phase == "queries-sum" else "check:"
        phases = size[system]["phases"]
        if phase in phases:
            return phases[phase]
        entries = [e for p, e in phases.items() if p.startswith(prefix)]
        if not entries:
            return None
        total = sum(e.get("seconds") or 0 for e in entries)
        if any(e["status"] != "ok" for e in entries):
            return {"status": "timeout", "seconds": total}
        return {"status": "ok", "seconds": total}
    return size[system]["phases"].get(phase)


def render_table(sizes: list[dict[str, Any]], cli: dict[str, Any] | None, cap: float,
                 base_cap: float) -> str:
    query_names = sorted({p[6:] for s in sizes for p in s["llmkg"]["phases"]
                          if p.startswith("query:")})
    has_checks = any(p == "checks" or p.startswith("check:")
                     for s in sizes for p in s["llmkg"]["phases"])
    rows = build_rows(sizes, cli, query_names, has_checks)
    header1 = ["seconds"]
    header2 = ["phase"]
    for i, size in enumerate(sizes):
        title = f"{size['label']} ({size['models']} models)"
        cols = ["llmkg", "base", "l/b"] + (["k llmkg", "k base"] if i else [])
        header1 += [title] + [""] * (len(cols) - 1)
        header2 += cols
    body = []
    for label, lphase, bphase, kind in rows:
        line = [label]
        for i, size in enumerate(sizes):
            lcell = cell(size, "llmkg", lphase, kind, cli)
            bcell = cell(size, "baseline", bphase, kind, cli)
            lcap = cap
            if kind in ("mem", "count"):
                line += [f"{c['seconds']:.0f}" if c else "—" for c in (lcell, bcell)]
            else:
                line += [fmt_seconds(lcell, lcap), fmt_seconds(bcell, base_cap)]
            line.append(fmt_ratio(seconds_of(lcell), seconds_of(bcell)))
            if i:
                prev = sizes[i - 1]
                n1, n2 = prev["models"], size["models"]
                kl = exponent(seconds_of(cell(prev, "llmkg", lphase, kind, cli)),
                              seconds_of(lcell), n1, n2)
                kb = exponent(seconds_of(cell(prev, "baseline", bphase, kind, cli)),
                              seconds_of(bcell), n1, n2)
                line += [fmt_k(kl), fmt_k(kb)]
        body.append(line)
    table = [header1, header2, *body]
    widths_group = [max(len(r[c]) for r in (header2, *body)) for c in range(len(header2))]
    c = 1  # a size title spans its group's columns; widen the group's last one if needed
    while c < len(header1):
        span = 1
        while c + span < len(header1) and header1[c + span] == "":
            span += 1
        room = sum(widths_group[c:c + span]) + 2 * (span - 1)
        widths_group[c + span - 1] += max(0, len(header1[c]) - room)
        c += span
    lines = []
    for r_index, r in enumerate(table):
        if r_index == 0:
            parts, c = [r[0].ljust(widths_group[0])], 1
            while c < len(r):
                span = 1
                while c + span < len(r) and r[c + span] == "":
                    span += 1
                width = sum(widths_group[c:c + span]) + 2 * (span - 1)
                parts.append(r[c][:width].ljust(width))
                c += span
            lines.append("  ".join(parts).rstrip())
            continue
        parts = [r[0].ljust(widths_group[0])]
        parts += [t.rjust(widths_group[c]) for c, t in enumerate(r) if c]
        lines.append("  ".join(parts).rstrip())
        if r_index == 1:
            lines.append("-" * len(lines[-1]))
    return "\n".join(lines)


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in ("llmkg", "rdflib", "pyshacl", "owlrl", "pyoxigraph"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            out[name] = version(name)
    return out


def git_state() -> dict[str, Any]:
    def git(*argv: str) -> str:
        done = subprocess.run(["git", "-C", str(REPO), *argv], capture_output=True, text=True,
                              check=False)
        return done.stdout.strip()

    return {"commit": git("rev-parse", "HEAD"),
            "dirty_files": len(git("status", "--porcelain").splitlines())}


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"platform": platform.platform(), "cpus": os.cpu_count()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="shipped,1000,10000",
                        help="comma-separated: 'shipped' and/or model counts "
                             "(default shipped,1000,10000)")
    parser.add_argument("--baseline-cap", type=float, default=600.0,
                        help="seconds a baseline phase may take (default 600)")
    parser.add_argument("--cap", type=float, default=1800.0,
                        help="seconds an llmkg phase may take (default 1800)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "llmkg-bench",
                        help="where synthetic files are written")
    parser.add_argument("--profile", nargs="*", default=[], metavar="PHASE",
                        help="cProfile these llmkg phases (load, validation, "
                             "checks, query:NAME) or baseline:parse|inference|validation; "
                             "profiled times carry a * (cProfile slows them down)")
    parser.add_argument("--profile-sizes", default="",
                        help="comma-separated sizes to profile (default: the largest)")
    parser.add_argument("--query-cap", type=float,
                        help="run each canned query in a forked child killed after this many "
                             "seconds (default: in the worker itself, under --cap)")
    parser.add_argument("--cli-runs", type=int, default=3, help="runs per cold CLI command")
    parser.add_argument("--no-baseline", action="store_true", help="measure llmkg only")
    parser.add_argument("--reuse", type=Path, metavar="JSON",
                        help="take the sizes (and cold CLI times) already measured in this "
                             "earlier --json output instead of measuring them again")
    # internal: run one measurement subprocess
    parser.add_argument("--worker", choices=("llmkg", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--files", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--skip", nargs="*", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        args.system = args.worker
        return worker_main(args)

    labels = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for label in labels:
        if label != "shipped" and not label.isdigit():
            parser.error(f"bad size {label!r}: use 'shipped' or a number of models")
    profile_sizes = {s.strip() for s in args.profile_sizes.split(",") if s.strip()} or \
        {max(labels, key=lambda s: 145 if s == "shipped" else int(s))}
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["LLMKG_MAX_BYTES"] = str(4 * 1024**3)  # synthetic files exceed the 64 MiB default
    env["LLMKG_QUERY_TIMEOUT"] = str(args.cap)
    env.setdefault("PYTHONHASHSEED", "0")
    hard = 6 * args.cap + 3600

    started = time.perf_counter()
    run_settings = {"cap": args.cap, "baseline_cap": args.baseline_cap,
                    "query_cap": args.query_cap, "seed": args.seed, "git": git_state()}
    earlier: dict[str, Any] = {}
    if args.reuse:
        earlier = json.loads(args.reuse.read_text(encoding="utf-8"))
    reused = {s["label"]: s for s in earlier.get("sizes", [])}
    sizes: list[dict[str, Any]] = []
    for label in labels:
        if label in reused:
            print(f"{label}: reusing the measurements in {args.reuse}", file=sys.stderr)
            old = reused[label]
            if "settings" not in old:  # measured by a run that did not record them per size
                old = old | {"settings": {k: earlier.get("settings", {}).get(k) for k in
                                          ("cap", "baseline_cap", "query_cap", "seed")}
                             | {"git": earlier.get("git")}}
            sizes.append(old | {"reused_from": old.get("reused_from", str(args.reuse))})
            continue
        size: dict[str, Any] = {"label": label}
        if label == "shipped":
            files = ["shipped"]
        else:
            path = args.workdir / f"synth-{label}-seed{args.seed}.ttl"
            start = time.perf_counter()
            subprocess.run([sys.executable, str(HERE / "generate.py"), "--models", label,
                            "--seed", str(args.seed), "--out", str(path)], check=True)
            size.update(file=str(path), file_bytes=path.stat().st_size,
                        generate_seconds=time.perf_counter() - start)
            files = [str(path)]
        profile = args.profile if label in profile_sizes else []
        size["settings"] = run_settings | {"profile": profile}
        llmkg_profile = [p for p in profile if not p.startswith("baseline:")]
        base_profile = [p[9:] for p in profile if p.startswith("baseline:")]
        print(f"[{time.perf_counter() - started:6.0f} s] {label}: llmkg …", file=sys.stderr,
              flush=True)
        size["llmkg"] = run_worker("llmkg", files, args.cap, llmkg_profile, [], env, hard,
                                   args.query_cap)
        loaded = size["llmkg"]["phases"].get("load", {})
        size["models"] = loaded.get("models") or (int(label) if label.isdigit() else None)
        size["triples"] = loaded.get("triples")
        if args.no_baseline:
            size["baseline"] = {"phases": {}, "wall_seconds": None, "peak_rss_mb": None}
        else:
            previous = sizes[-1] if sizes else None
            before = sizes[-2] if len(sizes) > 1 else None
            skip, predicted = baseline_skips(previous, before, size["models"] or 1,
                                             args.baseline_cap)
            print(f"[{time.perf_counter() - started:6.0f} s] {label}: baseline …"
                  + (f" (skipping {', '.join(skip)})" if skip else ""), file=sys.stderr,
                  flush=True)
            size["baseline"] = run_worker("baseline", files, args.baseline_cap, base_profile,
                                          skip, env, 3 * args.baseline_cap + 600)
            size["baseline"]["predicted_seconds"] = predicted
        sizes.append(size)

    cli = earlier.get("cli") if "shipped" in reused else None
    if "shipped" in labels and cli is None:
        print(f"[{time.perf_counter() - started:6.0f} s] cold CLI …", file=sys.stderr,
              flush=True)
        cli = cold_cli(args.cli_runs, env)

    table = render_table(sizes, cli, args.cap, args.baseline_cap)
    print(table)
    print()
    print("llmkg = this package; base = rdflib parse + owlrl OWL-RL closure + pySHACL "
          "(inference='none'); l/b = llmkg/base;\n"
          "k = growth exponent log(t2/t1)/log(n2/n1) from the previous size (n = models); "
          f">N = stopped at the cap; skip = not run (predicted over the {args.baseline_cap:.0f} "
          "s baseline cap);\ncold CLI: median wall time of fresh processes on the shipped graph "
          "(base: the baseline subprocess on the shipped graph).")
    for size in sizes:
        for system in ("llmkg", "baseline"):
            for phase, entry in size[system]["phases"].items():
                if entry.get("profile"):
                    print(f"\n--- cProfile: {system} {phase} at {size['label']} "
                          f"({entry['status']} after {entry['seconds']:.0f} s) ---")
                    print(entry["profile"])
                if entry.get("status") == "error":
                    print(f"error: {system} {phase} at {size['label']}: {entry['detail']}")
            if size[system].get("killed_after_seconds"):
                print(f"killed: {system} at {size['label']} after "
                      f"{size[system]['killed_after_seconds']:.0f} s")
    if args.json:
        payload = {
            "machine": machine(),
            "versions": versions(),
            "git": run_settings["git"],
            "settings": {"sizes": labels, "cap": args.cap, "baseline_cap": args.baseline_cap,
                         "query_cap": args.query_cap,
                         "seed": args.seed, "cli_runs": args.cli_runs,
                         "profile": args.profile, "profile_sizes": sorted(profile_sizes)},
            "total_seconds": time.perf_counter() - started,
            "sizes": sizes,
            "cli": cli,
            "table": table,
        }
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

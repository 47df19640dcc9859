"""The ``llmkg`` command line. ``main(argv)`` returns the exit code:
0 success, 1 the data does not conform or a check failed, 2 usage or runtime error."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from llmkg import __version__, resources
from llmkg.diff import render_json, render_markdown, render_text, semantic_diff
from llmkg.errors import LlmkgError, UsageError
from llmkg.export import FORMATS as EXPORT_FORMATS
from llmkg.export import export
from llmkg.fmt import check, rewrite
from llmkg.graph import load
from llmkg.publish import DEFAULT_GRAPH, publish
from llmkg.queries import QueryInterface, catalogue
from llmkg.remote import connect
from llmkg.reports import RENDERERS
from llmkg.results import Result
from llmkg.validate import LAYERS, SLOW_LAYERS, validate

RESULT_FORMATS = ("table", "csv", "tsv", "json", "srj", "markdown")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with our own prefix
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="llmkg", description="The llmkg knowledge graph of LLM classes.")
    parser.add_argument("-V", "--version", action="version", version=f"llmkg {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = commands.add_parser("validate", help="parse, infer and SHACL-validate the graph")
    p.add_argument(
        "paths", nargs="*", type=Path, help="Turtle files or folders (default: packaged data)"
    )
    p.add_argument("-f", "--format", choices=tuple(RENDERERS), default="text")
    p.add_argument("-o", "--output", type=Path, help="write the report here instead of stdout")
    p.add_argument("--only", action="append", default=[], metavar="LAYER",
                   help=f"run only these layers ({', '.join(LAYERS)})")
    p.add_argument("--skip", action="append", default=[], metavar="LAYER",
                   help="skip these layers")
    p.add_argument("--all", action="store_true", dest="every",
                   help=f"also run the slow layers ({', '.join(SLOW_LAYERS)})")
    p.add_argument("--shapes", action="append", default=[], type=Path, metavar="FILE",
                   help="extra SHACL shapes of your own")

    p = commands.add_parser("fmt", help="rewrite Turtle files canonically")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: packaged files)")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 with a diff")

    p = commands.add_parser("query", help="run a canned query")
    p.add_argument("name")
    p.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE")
    _result_options(p)

    p = commands.add_parser("sparql", help="run an ad-hoc read-only SELECT query")
    p.add_argument("file", help="a file holding the query, or - for standard input")
    _result_options(p)

    p = commands.add_parser("publish", help="upload the graph to a SPARQL 1.1 store")
    _endpoint_options(p, required=True)
    p.add_argument("--inferred", action="store_true", help="publish with inferences")

    p = commands.add_parser("export", help="write the graph for bulk loaders")
    p.add_argument("-f", "--format", choices=tuple(EXPORT_FORMATS), default="ttl")
    p.add_argument("-o", "--output", type=Path)
    p.add_argument("--inferred", action="store_true", help="include inferred triples")
    p.add_argument("--graph", default=DEFAULT_GRAPH, help="graph name for nq and trig")

    commands.add_parser("queries", help="list the canned queries")

    p = commands.add_parser("docs", help="build the static documentation site")
    p.add_argument(
        "paths", nargs="*", type=Path, help="Turtle files or folders (default: packaged data)"
    )
    p.add_argument(
        "-o", "--output", type=Path, default=Path("site"), help="folder to write (default: site)"
    )

    p = commands.add_parser(
        "release", help="write release files: five RDF syntaxes, VoID/DCAT, SHA256SUMS"
    )
    p.add_argument(
        "paths", nargs="*", type=Path, help="Turtle files or folders (default: packaged data)"
    )
    p.add_argument(
        "-o", "--output", type=Path, help="folder to write (default: dist/llmkg-VERSION)"
    )
    p.add_argument(
        "--version", dest="release_version", metavar="VERSION",
        help="release version (default: the ontology's owl:versionInfo)",
    )
    p.add_argument(
        "--no-validate", action="store_true", help="release even if the graph does not conform"
    )

    p = commands.add_parser("diff", help="compare two versions: models, facts, ontology terms")
    p.add_argument("old", type=Path, help="a release folder, a checkout, or Turtle data")
    p.add_argument("new", type=Path, help="a release folder, a checkout, or Turtle data")
    p.add_argument("-f", "--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("-o", "--output", type=Path, help="write the diff here instead of stdout")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when there are differences")
    return parser


def _result_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-f", "--format", choices=RESULT_FORMATS, default="table")
    p.add_argument("-o", "--output", type=Path, help="write the result here instead of stdout")
    p.add_argument(
        "--engine", choices=("oxigraph", "rdflib"), default="oxigraph",
        help="embedded query engine (default: oxigraph)",
    )
    _endpoint_options(p, required=False)


def _endpoint_options(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument(
        "-e", "--endpoint", required=required,
        help="SPARQL query URL of a remote store (e.g. http://127.0.0.1:7878/query)",
    )
    p.add_argument("--graph", help=f"named graph to query or publish (default {DEFAULT_GRAPH})")
    p.add_argument(
        "--user", help="user name; the password comes from LLMKG_PASSWORD or ~/.netrc"
    )
    p.add_argument("--auth", choices=("digest", "basic"), default="digest")
    p.add_argument("--update-url", help="SPARQL Update URL (default: derived from --endpoint)")
    p.add_argument("--store-url", help="Graph Store URL (default: derived from --endpoint)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per HTTP request")


def _source(args: argparse.Namespace) -> QueryInterface:
    if not args.endpoint:
        return load(engine=args.engine)
    return connect(
        args.endpoint, graph=args.graph or DEFAULT_GRAPH, user=args.user, timeout=args.timeout,
        update_url=args.update_url, store_url=args.store_url, auth=args.auth,
    )


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _validate(args: argparse.Namespace) -> int:
    report = validate(args.paths or None, only=args.only, skip=args.skip, shapes=args.shapes,
                      every=args.every)
    _emit(RENDERERS[args.format](report), args.output)
    if any(f.layer == "syntax" for f in report.findings):
        return 2  # unreadable input is an error, not a non-conforming graph
    return 0 if report.conforms else 1


def _fmt(args: argparse.Namespace) -> int:
    files = resources.turtle_files(args.paths) if args.paths else resources.all_turtle_files()
    if args.check:
        diffs = [d for d in (check(f) for f in files) if d]
        sys.stdout.write("".join(diffs))
        if diffs:
            sys.stderr.write(f"llmkg: {len(diffs)} file(s) not canonical; run `llmkg fmt`\n")
        return 1 if diffs else 0
    changed = [f for f in files if rewrite(f)]
    for path in changed:
        sys.stderr.write(f"reformatted {path}\n")
    return 0


def _params(pairs: list[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"parameter {pair!r} is not KEY=VALUE")
        params[key] = value
    return params


def _render(result: Result, args: argparse.Namespace) -> int:
    render = {
        "table": result.to_table,
        "csv": result.to_csv,
        "tsv": lambda: result.to_csv(delimiter="\t"),
        "json": result.to_json,
        "srj": result.to_srj,
        "markdown": result.to_markdown,
    }[args.format]
    _emit(render(), args.output)
    return 0


def _query(args: argparse.Namespace) -> int:
    result = _source(args).query(args.name, **_params(args.param))
    return _render(result, args)


def _sparql(args: argparse.Namespace) -> int:
    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{args.file}: {exc.strerror or exc}") from None
    return _render(_source(args).sparql(text), args)


def _publish(args: argparse.Namespace) -> int:
    kg = load()
    remote = connect(
        args.endpoint, user=args.user, timeout=args.timeout, update_url=args.update_url,
        store_url=args.store_url, auth=args.auth,
    )
    report = publish(kg.graph if args.inferred else kg.asserted, remote.endpoint,
                     args.graph or DEFAULT_GRAPH)
    sys.stdout.write(
        f"published {report.triples} triples ({report.models} models) to <{report.graph}>"
        f" at {args.endpoint} in {report.seconds:.1f} s\n"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    kg = load()
    _emit(export(kg.graph if args.inferred else kg.asserted, args.format, args.graph), args.output)
    return 0


def _queries(_: argparse.Namespace) -> int:
    for name, canned in catalogue().items():
        params = ", ".join(
            f"{p.name}: {p.type}" + (f" = {p.default}" if p.default is not None else "")
            for p in canned.parameters
        )
        sys.stdout.write(f"{name}\t{canned.summary}" + (f"\t[{params}]" if params else "") + "\n")
    return 0


def _docs(args: argparse.Namespace) -> int:
    from llmkg.docs import build_site  # imported here: it loads matplotlib

    written = build_site(load(args.paths or None), args.output)
    sys.stderr.write(f"wrote {len(written)} files to {args.output}\n")
    return 0


def _release(args: argparse.Namespace) -> int:
    from llmkg.release import build_release, check_version, default_version

    kg = load(args.paths or None)
    version = check_version(args.release_version or default_version(kg))
    if not args.no_validate:  # every layer but formatting, which does not change the data
        report = validate(args.paths or None, every=True, skip=["format"])
        if not report.conforms:
            sys.stderr.write(RENDERERS["text"](report))
            sys.stderr.write("llmkg: nothing released: the graph does not conform\n")
            return 1
    out = args.output or Path("dist") / f"llmkg-{version}"
    written = build_release(kg, out, version)
    sys.stderr.write(f"wrote {len(written)} files to {out}\n")
    return 0


def _diff(args: argparse.Namespace) -> int:
    diff = semantic_diff(args.old, args.new)
    render = {"text": render_text, "markdown": render_markdown, "json": render_json}[args.format]
    _emit(render(diff), args.output)
    return 1 if args.exit_code and not diff.empty else 0


def main(argv: Sequence[str] | None = None) -> int:
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    try:
        args = _parser().parse_args(argv)
        handler = {
            "validate": _validate,
            "fmt": _fmt,
            "query": _query,
            "queries": _queries,
            "sparql": _sparql,
            "publish": _publish,
            "export": _export,
            "docs": _docs,
            "release": _release,
            "diff": _diff,
        }
        return handler[args.command](args)
    except LlmkgError as exc:
        sys.stderr.write(f"llmkg: error: {exc}\n")
        return 2
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    except Exception as exc:
        if "--debug" in (argv if argv is not None else sys.argv):
            raise
        sys.stderr.write(
            f"llmkg: internal error: {type(exc).__name__}: {exc} (run with --debug for details)\n"
        )
        return 2

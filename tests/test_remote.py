"""Real triple stores: publish, query, identical answers, and faults. Oxigraph always;
Virtuoso where it is installed (`.ci/run` installs it)."""

from __future__ import annotations

import http.server
import math
import threading
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pytest

import llmkg
from llmkg import resources
from llmkg.cli import main
from llmkg.graph import KnowledgeGraph
from llmkg.publish import DEFAULT_GRAPH, publish
from llmkg.remote import Endpoint, EndpointError

from . import servers

NO_VIRTUOSO = "virtuoso-t is not installed (apt-get install virtuoso-opensource)"
NEEDS_VIRTUOSO = pytest.mark.skipif(servers.VIRTUOSO is None, reason=NO_VIRTUOSO)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    with servers.oxigraph(tmp_path_factory.mktemp("oxigraph") / "store") as server:
        yield server


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    if servers.VIRTUOSO is None:
        pytest.skip(NO_VIRTUOSO)
    with servers.virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(params=["oxigraph", pytest.param("virtuoso", marks=NEEDS_VIRTUOSO)])
def server(request: pytest.FixtureRequest) -> servers.Server:
    return request.getfixturevalue(f"{request.param}_server")


def endpoint(server: servers.Server, **extra: object) -> Endpoint:
    return Endpoint(
        server.query_url, user=server.user, password=server.password, timeout=30, **extra
    )


def same(a: object, b: object) -> bool:
    numbers = (int, float, Decimal)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool):
        return not isinstance(b, bool) and math.isclose(float(a), float(b), rel_tol=1e-9)
    return a == b and type(a) is type(b)


def test_publish_twice_changes_nothing(server: servers.Server, kg: KnowledgeGraph) -> None:
    first = publish(kg.asserted, endpoint(server), "https://example.org/twice")
    second = publish(kg.asserted, endpoint(server), "https://example.org/twice")
    assert first.triples == second.triples == len(kg.asserted)
    assert second.models == len(kg.models())


def test_every_canned_query_matches_embedded(server: servers.Server, kg: KnowledgeGraph) -> None:
    publish(kg.graph, endpoint(server), DEFAULT_GRAPH)
    remote = llmkg.connect(server.query_url, graph=DEFAULT_GRAPH)
    for name in sorted(kg.queries()):
        here, there = kg.query(name), remote.query(name)
        assert there.columns == here.columns, name
        assert len(there.rows) == len(here.rows), name
        for a, b in zip(here.rows, there.rows, strict=True):
            assert all(same(x, y) for x, y in zip(a, b, strict=True)), (name, a, b)


def test_cli_queries_an_endpoint(
    server: servers.Server, kg: KnowledgeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    publish(kg.graph, endpoint(server), DEFAULT_GRAPH)
    assert main(["query", "classes", "-f", "json", "-e", server.query_url]) == 0
    remote_json = capsys.readouterr().out
    assert main(["query", "classes", "-f", "json"]) == 0
    assert remote_json == capsys.readouterr().out


def test_cli_publish_reports(
    server: servers.Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["publish", "-e", server.query_url, "--graph", "https://example.org/cli"]
    if server.user:
        monkeypatch.setenv("LLMKG_PASSWORD", server.password or "")
        argv += ["--user", server.user]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("published ") and "<https://example.org/cli>" in out


def test_shipped_files_load_unchanged(server: servers.Server) -> None:
    for path in resources.all_turtle_files():
        graph_iri = f"https://example.org/file/{path.stem}"
        target = endpoint(server)
        _, store = target.urls
        request = urllib.request.Request(
            f"{store}?graph={graph_iri}", data=path.read_bytes(), method="PUT",
            headers={"Content-Type": "text/turtle"},
        )
        opener = urllib.request.build_opener(*_auth(server, store))
        with opener.open(request, timeout=30) as response:
            assert response.status in (200, 201, 204), path


def _auth(server: servers.Server, url: str) -> list[urllib.request.BaseHandler]:
    if server.user is None:
        return []
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, server.user, server.password or "")
    return [urllib.request.HTTPDigestAuthHandler(manager)]


def test_files_parse_in_jena(tmp_path: Path) -> None:
    import subprocess

    classpath = servers.jena_classpath(tmp_path)
    if classpath is None:
        pytest.skip("Apache Jena is not installed (apt-get install libapache-jena-java)")
    files = [str(p) for p in resources.all_turtle_files()]
    done = subprocess.run(
        ["java", "-cp", classpath, "riotcmd.riot", "--validate", *files],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    bad = subprocess.run(
        ["java", "-cp", classpath, "riotcmd.riot", "--validate",
         str(Path(__file__).parent / "fixtures" / "bad" / "invalid-iri.ttl")],
        capture_output=True, text=True, check=False,
    )
    assert bad.returncode != 0  # the check can fail


def test_server_killed_during_publish_keeps_old_graph(
    tmp_path: Path, kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    from llmkg import publish as publishing

    target = "https://example.org/killed"
    server = servers.start_oxigraph(tmp_path / "store")
    port = server.query_url.split(":")[2].split("/")[0]
    try:
        old = publish(kg.asserted, endpoint(server), target)
        newer = llmkg.load().asserted
        newer.remove((None, llmkg.namespaces.RDFS.comment, None))
        newer.add((llmkg.namespaces.MODEL["extra"], llmkg.namespaces.RDFS.comment,
                   llmkg.namespaces.RDFS.Literal))
        real_number = publishing._number

        def die_after_upload(*args: object) -> int:
            servers.stop(server.process)  # the store dies between upload and switch
            return real_number(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(publishing, "_number", die_after_upload)
        with pytest.raises(EndpointError, match="cannot reach"):
            publish(newer, endpoint(server, retries=1), target)
        monkeypatch.undo()
    finally:
        servers.stop(server.process)
    server = servers.start_oxigraph(tmp_path / "store", port=int(port))
    try:
        remote = llmkg.connect(server.query_url, graph=target)
        rows = remote.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        assert rows[0][0] == old.triples
    finally:
        servers.stop(server.process)


@NEEDS_VIRTUOSO
def test_wrong_credentials(
    virtuoso_server: servers.Server, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LLMKG_PASSWORD", "not-the-Secret-9431")
    code = main(["publish", "-e", virtuoso_server.query_url, "--user", "dba"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "refused the credentials of user 'dba'" in err
    assert "not-the-Secret-9431" not in out + err
    assert "not-the-Secret-9431" not in repr(llmkg.connect(virtuoso_server.query_url, user="dba"))


@NEEDS_VIRTUOSO
def test_virtuoso_row_cap_is_detected(virtuoso_server: servers.Server, kg: KnowledgeGraph) -> None:
    publish(kg.graph, endpoint(virtuoso_server), DEFAULT_GRAPH)
    remote = llmkg.connect(virtuoso_server.query_url, graph=DEFAULT_GRAPH)
    query = (
        "PREFIX llmkg: <https://w3id.org/llmkg/ontology#> "
        "SELECT ?a ?b WHERE { ?a a llmkg:ExampleModel . ?b a llmkg:ExampleModel }"
    )
    with pytest.warns(RuntimeWarning, match="truncated the result to 10000 rows"):
        rows = remote.sparql(query).rows
    assert len(rows) == 10000 < len(kg.models()) ** 2


def test_unreachable_endpoint_fails_fast(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{servers.free_port()}/query"
    started = time.monotonic()
    assert main(["query", "classes", "-e", url, "--timeout", "2"]) == 2
    assert time.monotonic() - started < 15
    assert "cannot reach" in capsys.readouterr().err


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first request, then forwards to the real server."""

    upstream: ClassVar[str] = ""
    seen: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.seen.append(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if len(self.seen) == 1:
            self.send_response(503)
            self.end_headers()
            return
        request = urllib.request.Request(
            self.upstream, data=body, method="POST",
            headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            payload = response.read()
            self.send_response(response.status)
            self.send_header("Content-Type", response.headers["Content-Type"])
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


def test_5xx_is_retried(oxigraph_server: servers.Server, kg: KnowledgeGraph) -> None:
    publish(kg.graph, endpoint(oxigraph_server), DEFAULT_GRAPH)
    _Flaky.upstream = oxigraph_server.query_url
    _Flaky.seen = []
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{proxy.server_address[1]}/query"
        rows = llmkg.connect(url, graph=DEFAULT_GRAPH).query("classes").rows
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert len(rows) == 12
    assert len(_Flaky.seen) == 2

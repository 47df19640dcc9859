"""Real SPARQL servers for the tests, started on 127.0.0.1 with free ports and stopped by pid."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t")
JENA_JARS = Path("/usr/share/java")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not come up in {seconds} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@dataclass
class Server:
    name: str
    query_url: str
    process: subprocess.Popen[bytes]
    directory: Path
    user: str | None = None
    password: str | None = None


def oxigraph_binary() -> str:
    found = Path(sys.executable).parent / "oxigraph"
    return str(found) if found.exists() else (shutil.which("oxigraph") or "oxigraph")


def start_oxigraph(directory: Path, port: int | None = None) -> Server:
    port = port or free_port()
    directory.mkdir(parents=True, exist_ok=True)
    with (directory.parent / f"{directory.name}.log").open("ab") as log:
        process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(directory),
             "--bind", f"127.0.0.1:{port}"],
            stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/query"
    wait_until_up(url + "?query=ASK%7B%7D", process)
    return Server("oxigraph", url, process, directory)


@contextmanager
def oxigraph(directory: Path) -> Iterator[Server]:
    server = start_oxigraph(directory)
    try:
        yield server
    finally:
        stop(server.process)


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/db.db
ErrorLogFile = {d}/db.log
TransactionFile = {d}/db.trx
xa_persistent_file = {d}/db.pxa
[TempDatabase]
DatabaseFile = {d}/temp.db
TransactionFile = {d}/temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
DirsAllowed = {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ResultSetMaxRows = 10000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 4
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso(directory: Path) -> Iterator[Server]:
    """Virtuoso open source with a config of our own (Debian's start script cannot run here)."""
    assert VIRTUOSO is not None
    directory.mkdir(parents=True, exist_ok=True)
    http = free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=directory, isql=free_port(), http=http))
    with (directory / "out.log").open("ab") as log:
        process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            stdout=log, stderr=subprocess.STDOUT, cwd=directory,
        )
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        wait_until_up(url + "?query=ASK%7B%7D", process, seconds=120)
        yield Server("virtuoso", url, process, directory, user="dba", password="dba")
    finally:
        stop(process)


def jena_classpath(workdir: Path) -> str | None:
    """Debian's Jena 4.5 jars, plus the xerces message bundle they need under its plain name."""
    core = JENA_JARS / "jena-core.jar"
    if not core.exists():
        return None
    bundle = workdir / "xerces" / "impl" / "xpath" / "regex"
    bundle.mkdir(parents=True, exist_ok=True)
    prefix = "org/apache/jena/ext/xerces/impl/xpath/regex/"
    with zipfile.ZipFile(core) as jar:
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                (bundle / name[len(prefix):]).write_bytes(jar.read(name))
    jars = sorted(str(p) for p in JENA_JARS.glob("jena-*-4.5.0.jar"))
    jars += [
        str(JENA_JARS / f"{name}.jar")
        for name in (
            "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
            "commons-lang3", "dexx.collection", "gson", "guava", "slf4j-api", "slf4j-nop",
            "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java",
            "titanium-json-ld", "thrift", "protobuf", "httpclient", "httpcore", "jcl-over-slf4j",
        )
    ]
    return ":".join([str(workdir), *jars])

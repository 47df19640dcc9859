"""Remote SPARQL 1.1 endpoints: the same queries as the embedded store, over HTTP.

``connect(url)`` returns a ``RemoteGraph`` with ``query``, ``sparql`` and ``queries`` like
``llmkg.load()``. Queries go out with SPARQLWrapper (POST, JSON results, a timeout, retries with
backoff on connection errors and 5xx); the JSON results become the same RDF terms and Python
values as the embedded engines give. Server quirks handled here: Virtuoso's ``typed-literal``
and its booleans written as 1/0, its silent row cap (``X-SPARQL-MaxRows``, warned about), and
its habit of querying every graph unless one is named (pass ``graph=``).

Credentials: a user name may be given; the password comes from ``LLMKG_PASSWORD`` or from
``~/.netrc`` for the endpoint's host, never from the command line, and never appears in output.
"""

from __future__ import annotations

import base64
import json
import netrc
import os
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    Unauthorized,
)

from llmkg import queries as catalogue
from llmkg.backends import Row, Rows, _capped
from llmkg.errors import LlmkgError, QueryError
from llmkg.namespaces import XSD

RETRY_STATUSES = {500, 502, 503, 504}


class EndpointError(LlmkgError):
    """The endpoint could not be reached, refused the credentials, or failed."""


def password_for(url: str, user: str | None) -> str | None:
    """The password for ``user`` at ``url``: ``LLMKG_PASSWORD``, else ``~/.netrc``."""
    if user is None:
        return None
    if "LLMKG_PASSWORD" in os.environ:
        return os.environ["LLMKG_PASSWORD"]
    try:
        entry = netrc.netrc().authenticators(urlsplit(url).hostname or "")
    except (FileNotFoundError, netrc.NetrcParseError):
        return None
    return entry[2] if entry and entry[0] in (user, None, "") else None


def derived_urls(query_url: str) -> tuple[str, str]:
    """Update and Graph Store URLs that usually go with a query URL: Oxigraph's
    ``/query``→``/update``, ``/store``; Virtuoso's ``/sparql``→``/sparql-auth``,
    ``/sparql-graph-crud-auth``; otherwise the query URL itself for both."""
    if query_url.endswith("/query"):
        base = query_url[: -len("/query")]
        return base + "/update", base + "/store"
    if query_url.endswith("/sparql"):
        return query_url + "-auth", query_url + "-graph-crud-auth"
    return query_url, query_url


@dataclass(frozen=True)
class Endpoint:
    """Where and how to reach a SPARQL service. ``password`` is never shown in ``repr``."""

    query_url: str
    graph: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    update_url: str | None = None
    store_url: str | None = None
    auth: str = "digest"
    timeout: float = 30.0
    retries: int = 3

    @property
    def urls(self) -> tuple[str, str]:
        update, store = derived_urls(self.query_url)
        return self.update_url or update, self.store_url or store

    def _wrapper(self, url: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(int(max(1, self.timeout)))
        if self.user is not None:
            wrapper.setHTTPAuth(DIGEST if self.auth == "digest" else BASIC)
            wrapper.setCredentials(self.user, self.password or "")
        return wrapper

    def call(self, action: str, attempt: callable) -> object:  # type: ignore[valid-type]
        """Run ``attempt()`` with retries on connection errors and 5xx; map failures."""
        delay = 0.2
        for number in range(self.retries + 1):
            try:
                return attempt()
            except Unauthorized:
                raise EndpointError(
                    f"{action}: {self.query_url} refused the credentials of user {self.user!r}"
                ) from None
            except (QueryBadFormed, EndPointNotFound) as exc:
                raise EndpointError(f"{action}: {type(exc).__name__} at {self.query_url}") from None
            except urllib.error.HTTPError as exc:
                if exc.code in (401, 403):
                    raise EndpointError(
                        f"{action}: HTTP {exc.code}: the endpoint refused the credentials"
                        f" of user {self.user!r}"
                    ) from None
                if exc.code not in RETRY_STATUSES or number == self.retries:
                    raise EndpointError(f"{action}: HTTP {exc.code} {exc.reason}") from None
            except EndPointInternalError:
                if number == self.retries:
                    raise EndpointError(f"{action}: the endpoint failed (HTTP 500)") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                if number == self.retries:
                    reason = getattr(exc, "reason", exc)
                    raise EndpointError(
                        f"{action}: cannot reach {self.query_url} ({reason})"
                    ) from None
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    def select(self, query: str, max_rows: int) -> Rows:
        wrapper = self._wrapper(self.query_url)
        # Drop comment lines: SPARQLWrapper guesses the query type from the text and reads
        # "LOAD" in a comment such as "#+ description: ... downloadable".
        wrapper.setQuery("\n".join(x for x in query.splitlines() if not x.lstrip().startswith("#")))
        if self.graph:
            wrapper.addDefaultGraph(self.graph)

        def attempt() -> tuple[dict, dict]:
            response = wrapper.query()
            return json.loads(response.response.read()), dict(response.info())

        document, headers = self.call("query", attempt)  # type: ignore[misc]
        cap = {k.lower(): v for k, v in headers.items()}.get("x-sparql-maxrows")
        if cap:
            warnings.warn(
                f"{self.query_url} truncated the result to {cap} rows (its ResultSetMaxRows)",
                RuntimeWarning,
                stacklevel=2,
            )
        columns = tuple(document["head"]["vars"])
        rows = (
            tuple(term(b.get(c)) for c in columns) for b in document["results"]["bindings"]
        )
        return columns, _capped(rows, max_rows)

    def update(self, text: str) -> None:
        update_url, _ = self.urls
        wrapper = self._wrapper(update_url)
        wrapper.setQuery(text)
        self.call("update", lambda: wrapper.query().response.read())

    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        """Replace a named graph with the Graph Store Protocol (HTTP PUT).

        With credentials, an empty PUT first fetches the server's challenge, so the large body
        goes out once, already authorised: a server that refuses it unauthorised (Virtuoso)
        may close the connection mid-upload instead of answering 401.
        """
        _, store_url = self.urls
        separator = "&" if "?" in store_url else "?"
        url = f"{store_url}{separator}{urllib.parse.urlencode({'graph': graph_iri})}"
        headers = {"Content-Type": "application/n-triples"}

        def attempt() -> bytes:
            if self.user is not None:
                headers.update(self._authorization(url))
            request = urllib.request.Request(url, data=ntriples, method="PUT", headers=headers)
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()

        self.call("upload", attempt)

    def _authorization(self, url: str) -> dict[str, str]:
        probe = urllib.request.Request(
            url, data=b"", method="PUT", headers={"Content-Type": "application/n-triples"}
        )
        try:
            with urllib.request.urlopen(probe, timeout=self.timeout):
                return {}
        except urllib.error.HTTPError as exc:
            if exc.code != 401:
                raise
            challenge = exc.headers.get("WWW-Authenticate", "")
        scheme, _, rest = challenge.partition(" ")
        password = self.password or ""
        if scheme.lower() == "basic":
            token = base64.b64encode(f"{self.user}:{password}".encode()).decode()
            return {"Authorization": f"Basic {token}"}
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, self.user, password)
        handler = urllib.request.HTTPDigestAuthHandler(manager)
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
        request = urllib.request.Request(url, data=b"x", method="PUT")
        answer = handler.get_authorization(request, fields)
        if answer is None:
            raise EndpointError(f"upload: cannot answer the server's {scheme} challenge")
        return {"Authorization": f"Digest {answer}"}


def term(binding: dict[str, str] | None) -> Node | None:
    """An RDF term from one SPARQL JSON binding, normalising server quirks."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value.removeprefix("nodeID://"))
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype is None or datatype == str(XSD.string):
        return Literal(value)
    if datatype == str(XSD.boolean) and value in ("1", "0"):  # Virtuoso
        value = "true" if value == "1" else "false"
    return Literal(value, datatype=URIRef(datatype))


@dataclass(frozen=True)
class RemoteGraph(catalogue.QueryInterface):
    """A remote endpoint with the query interface of ``KnowledgeGraph``."""

    endpoint: Endpoint

    @property
    def backend(self) -> Endpoint:  # type: ignore[override]
        return self.endpoint


def connect(
    url: str,
    *,
    graph: str | None = None,
    user: str | None = None,
    timeout: float = 30.0,
    retries: int = 3,
    update_url: str | None = None,
    store_url: str | None = None,
    auth: str = "digest",
) -> RemoteGraph:
    """Connect to a SPARQL 1.1 endpoint (no request is made until the first query)."""
    if not url.startswith(("http://", "https://")):
        raise QueryError(f"endpoint {url!r} is not an http(s) URL")
    return RemoteGraph(
        Endpoint(
            query_url=url,
            graph=graph,
            user=user,
            password=password_for(url, user),
            update_url=update_url,
            store_url=store_url,
            auth=auth,
            timeout=timeout,
            retries=retries,
        )
    )


__all__ = ["Endpoint", "EndpointError", "RemoteGraph", "Row", "connect", "password_for"]

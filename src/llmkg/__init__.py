"""llmkg: an open knowledge graph of the classes of large language models."""

from importlib.metadata import PackageNotFoundError, version

from llmkg.errors import InputError, LlmkgError, QueryError, UsageError
from llmkg.graph import KnowledgeGraph, load
from llmkg.remote import EndpointError, RemoteGraph, connect
from llmkg.results import IRI, Result
from llmkg.validate import Finding, Report, validate

try:
    __version__ = version("llmkg")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

__all__ = [
    "IRI", "EndpointError", "Finding", "InputError", "KnowledgeGraph", "LlmkgError",
    "QueryError", "RemoteGraph", "Report", "Result", "UsageError", "__version__", "connect",
    "load", "validate",
]

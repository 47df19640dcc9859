"""Write generated files (a documentation site, a release) into a folder, each atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from llmkg.errors import UsageError


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` through a temporary file and a rename, so a crash leaves
    the old file or the new one, never half of either. The file keeps its mode, and a new file
    is readable by all (0644), as published files must be; ``mkstemp`` alone gives 0600."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_files(out_dir: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write ``files`` (name → text or bytes; text as UTF-8, newlines as given) into
    ``out_dir``, created if needed, and return their paths in order. Other files in
    ``out_dir`` are left alone."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: exists and is not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in files.items():
            path = out_dir / name
            write_bytes(path, content if isinstance(content, bytes) else content.encode("utf-8"))
            written.append(path)
    except OSError as exc:
        raise UsageError(f"{out_dir}: cannot write: {exc.strerror or exc}") from None
    return written


__all__ = ["write_bytes", "write_files"]

import socket

import pytest


def test_connecting_outside_loopback_fails() -> None:
    with socket.socket() as sock, pytest.raises(RuntimeError, match="network"):
        sock.settimeout(0.1)
        sock.connect(("192.0.2.1", 80))


def test_resolving_a_remote_host_fails() -> None:
    with pytest.raises(RuntimeError, match="resolve"):
        socket.getaddrinfo("example.org", 443)


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=1):
            pass

"""HTTP/1.1 keep-alive: one TLS connection carries many requests, and a body the
journal did not read never leaks into the next request on the connection."""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from mvj_stub.keep_alive import KeepAliveHandler
from mvj_stub.server import RunningStub


def _connection(journal: RunningStub, card: tuple[Path, Path]) -> http.client.HTTPSConnection:
    context = ssl.create_default_context(cafile=str(journal.pki.ca_cert_path))
    context.load_cert_chain(*card)
    return http.client.HTTPSConnection("127.0.0.1", journal.port, context=context, timeout=10)


def _login_cookie(connection: http.client.HTTPSConnection) -> str:
    connection.request("POST", "/logga-in", body=b"",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    assert response.status == 303
    assert response.getheader("Connection") != "close"
    return response.getheader("Set-Cookie", "").split(";")[0]


def test_many_requests_share_one_connection(
    journal: RunningStub, card_pems: dict[str, tuple[Path, Path]]
) -> None:
    connection = _connection(journal, card_pems["sjukskoterska"])
    cookie = _login_cookie(connection)
    sock = connection.sock
    for path in ("/sok", "/sok?q=1912", "/"):
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        assert response.status in (200, 303)
        assert response.getheader("Connection") != "close"
    assert connection.sock is sock  # http.client reconnects when the server closes


@pytest.fixture
def plain_server() -> Iterator[int]:
    """KeepAliveHandler in front of an app that answers its path and never reads the
    request body (as a journal refusing an upload would not), over plain HTTP."""

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = environ["PATH_INFO"].encode()
        start_response("200 OK", [("Content-Type", "text/plain"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    server = make_server("127.0.0.1", 0, app, request_handler=KeepAliveHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.port
    server.shutdown()


def _responses(sock: socket.socket, count: int) -> list[bytes]:
    """The bodies of ``count`` responses read from ``sock`` (Content-Length framed)."""
    buffer = b""
    bodies: list[bytes] = []
    while len(bodies) < count:
        head_end = buffer.find(b"\r\n\r\n")
        if head_end >= 0:
            head = buffer[:head_end].decode("latin-1").lower()
            length = int(head.split("content-length:")[1].split("\r\n")[0])
            end = head_end + 4 + length
            if len(buffer) >= end:
                bodies.append(buffer[head_end + 4:end])
                buffer = buffer[end:]
                continue
        chunk = sock.recv(65536)
        if not chunk:
            break  # closed: fewer responses than requests
        buffer += chunk
    return bodies


def test_an_unread_body_does_not_swallow_or_become_the_next_request(plain_server: int) -> None:
    # Two pipelined requests in one write. The first has a body the application never
    # reads, shaped like a request of its own: werkzeug throws away what is left on the
    # socket after a request, which must end at this body and not eat the next request.
    smuggled = b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
    pipelined = (
        b"POST /first HTTP/1.1\r\nHost: x\r\nContent-Length: "
        + str(len(smuggled)).encode() + b"\r\n\r\n" + smuggled
        + b"GET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", plain_server), timeout=10) as sock:
        sock.sendall(pipelined)
        assert _responses(sock, 2) == [b"/first", b"/second"]


def test_a_chunked_body_ends_the_connection(
    journal: RunningStub, card_pems: dict[str, tuple[Path, Path]]
) -> None:
    context = ssl.create_default_context(cafile=str(journal.pki.ca_cert_path))
    context.load_cert_chain(*card_pems["sjukskoterska"])
    raw = socket.create_connection(("127.0.0.1", journal.port), timeout=10)
    with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        body = json.dumps({}).encode()
        tls.sendall(
            b"POST /logga-in HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/json\r\n\r\n"
            + f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
        )
        received = b""
        while chunk := tls.recv(65536):  # the server closes: recv returns b""
            received += chunk
    head = received.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    assert head.startswith("http/1.1 ")
    assert "connection: close" in head

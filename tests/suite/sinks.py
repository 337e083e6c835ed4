"""Receivers for the wire-guard tests: what reached them is what got through.

- ``Sink``: an HTTPS server on another origin than the journal. It records every
  request (method, path, body) and answers a few paths the way an attacker's
  server would: a 307 that makes the browser send its POST again elsewhere, a
  redirect hop that adds an identity number on its way to the journal, and a
  response that carries a number for the page to "learn".
- ``UdpListener`` and ``TcpListener``: a TURN server's ports as far as WebRTC is
  concerned; they only record that something arrived.
"""

from __future__ import annotations

import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class Sink:
    def __init__(self, cert: Path, key: Path, journal_url: str, stranger: str) -> None:
        self.received: list[str] = []
        self._lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
                with sink._lock:
                    sink.received.append(f"{self.command} {self.path} {body}")
                path = self.path.split("?")[0]
                if path == "/prov/307":  # the POST is sent again, body and all
                    self._answer(307, {"Location": "/prov/307-mal"})
                elif path == "/prov/hop":  # the next hop carries the number to the journal
                    self._answer(302, {"Location": f"{journal_url}/prov/hop-mal?q={stranger}"})
                elif path == "/prov/lar":  # a number shown by someone who is not the journal
                    self._answer(200, {"Content-Type": "text/plain; charset=utf-8",
                                       "Access-Control-Allow-Origin": "*"}, stranger)  # fmt: skip
                else:
                    self._answer(204, {"Access-Control-Allow-Origin": "*"})

            def _answer(self, status: int, headers: dict[str, str], body: str = "") -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(data))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(str(cert), str(key))
        self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def seen(self) -> str:
        with self._lock:
            return "\n".join(self.received)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class UdpListener:
    """Records every datagram that arrives (a STUN/TURN request carries its user name)."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.datagrams: list[bytes] = []
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        while True:
            try:
                data, _ = self._socket.recvfrom(65535)
            except OSError:
                return
            self.datagrams.append(data)

    def close(self) -> None:
        self._socket.close()


class TcpListener:
    """Records every connection that arrives, and what it sent."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.connections: list[bytes] = []
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    self.connections.append(connection.recv(65535))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._socket.close()

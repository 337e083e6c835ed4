"""A tiny WebSocket echo server over TLS, standing in for a journal's WebSocket endpoint.

Only what the wire-guard tests need: the opening handshake (RFC 6455), text
frames from the browser (masked) echoed back, close. It records every
connection's path and every message it received, so a test can say what never
reached it.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import ssl
import struct
import threading
from pathlib import Path

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455


class EchoServer:
    def __init__(self, cert: Path, key: Path) -> None:
        self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._tls.load_cert_chain(str(cert), str(key))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.received: list[str] = []  # "CONNECT <path>" and "MESSAGE <text>"
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"wss://127.0.0.1:{self.port}"

    def seen(self) -> str:
        with self._lock:
            return "\n".join(self.received)

    def close(self) -> None:
        self._listener.close()

    def _record(self, line: str) -> None:
        with self._lock:
            self.received.append(line)

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self._listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._connection, args=(raw,), daemon=True).start()

    def _connection(self, raw: socket.socket) -> None:
        try:
            with self._tls.wrap_socket(raw, server_side=True) as conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                lines = request.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
                key = headers.get("Sec-WebSocket-Key", "")
                accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest())
                self._record(f"CONNECT {path}")
                conn.sendall(
                    b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n"
                )
                self._frames(conn)
        except (OSError, ssl.SSLError, ValueError, IndexError):
            return

    def _frames(self, conn: ssl.SSLSocket) -> None:
        while True:
            head = _read(conn, 2)
            opcode, length = head[0] & 0x0F, head[1] & 0x7F
            if length == 126:
                length = struct.unpack(">H", _read(conn, 2))[0]
            elif length == 127:
                length = struct.unpack(">Q", _read(conn, 8))[0]
            mask = _read(conn, 4) if head[1] & 0x80 else b"\0\0\0\0"
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(_read(conn, length)))
            if opcode == 8:  # close
                conn.sendall(b"\x88\x00")
                return
            if opcode == 1:
                text = payload.decode("utf-8", "replace")
                self._record(f"MESSAGE {text}")
                conn.sendall(bytes([0x81, len(payload)]) + payload)


def _read(conn: ssl.SSLSocket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            raise OSError("closed")
        data += chunk
    return data

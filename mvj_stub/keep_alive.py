"""HTTP/1.1 keep-alive for werkzeug's request handler.

werkzeug's development server closes every connection: after a response it throws
away whatever is left on the socket, which with a kept-alive connection could be
the browser's *next* (pipelined) request. Here each request's body is read through
a reader that stops at its ``Content-Length``, so that throwing away finds the end
of this request and never the start of the next; the connection stays open when the body was read to
its end and the client did not ask to close. A production journal keeps its
connections too, so the browser pays one TLS handshake (with the client
certificate) per connection rather than one per page and asset.
"""

from __future__ import annotations

from typing import Any

from werkzeug.serving import WSGIRequestHandler

_MAX_UNREAD_BODY = 16 * 1024 * 1024  # beyond this, closing is cheaper than reading


class RequestBody:
    """The request's body on the connection's stream: at most ``length`` bytes."""

    def __init__(self, stream: Any, length: int) -> None:
        self._stream = stream
        self.remaining = length

    def read(self, size: int | None = -1) -> bytes:
        wanted = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data: bytes = self._stream.read(wanted) if wanted else b""
        self.remaining -= len(data)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        wanted = self.remaining if size is None or size < 0 else min(size, self.remaining)
        line: bytes = self._stream.readline(wanted) if wanted else b""
        self.remaining -= len(line)
        return line

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class KeepAliveHandler(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"

    def run_wsgi(self) -> None:
        stream = self.rfile
        length = self._body_length()
        self._keep_alive = length is not None and not self.close_connection
        if length is not None:
            body = RequestBody(stream, length)
            self.rfile = body  # type: ignore[assignment]  # read like a file, bounded
        try:
            super().run_wsgi()
        finally:
            self.rfile = stream
            # Decided per request: a next request refused before run_wsgi (a too long
            # line, say) must close as werkzeug says, not inherit this one's choice.
            self._keep_alive = False
        if length is None:
            # Unknown length (chunked): the next request could not be told from the rest
            # of this one's body, so this connection ends here.
            self.close_connection = True
        elif body.remaining:
            self._finish_body(body)

    def _finish_body(self, body: RequestBody) -> None:
        """Read what the application left of the body (a refused upload, say), so the
        next request starts where it should; too much to read ends the connection."""
        if body.remaining > _MAX_UNREAD_BODY:
            self.close_connection = True
            return
        while body.remaining:
            if not body.read(min(body.remaining, 65536)):  # the client went away
                self.close_connection = True
                return

    def _body_length(self) -> int | None:
        """The body's length; None when it cannot be known (chunked, malformed)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return None
        try:
            length = int(self.headers.get("Content-Length", "0") or 0)
        except ValueError:
            return None
        return length if length >= 0 else None

    def send_header(self, keyword: str, value: str) -> None:
        # werkzeug always says "Connection: close"; a connection that can be kept is kept.
        closing = keyword.lower() == "connection" and value.lower() == "close"
        if closing and getattr(self, "_keep_alive", False):
            return
        super().send_header(keyword, value)

"""MittVaccin Journal (stubb): a small, honest stand-in for the real journal.

It serves the routine's screens over HTTPS with SITHS test cards (TLS client
certificates), keeps its data in SQLite and offers a control interface for
tests and trainers.
"""

from importlib import metadata

try:
    __version__ = metadata.version("mvj-acceptans")
except metadata.PackageNotFoundError:  # running from a plain checkout
    __version__ = "0.0.0"

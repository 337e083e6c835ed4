"""Run PU-tjänsten on its own: ``python -m mvj_stub.pu --data-dir .stub-data``."""

from __future__ import annotations

import argparse
import signal
import threading

from mvj_stub.pu.component import PuComponent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m mvj_stub.pu", description="PU-tjänsten (stubb) på egen hand."
    )
    parser.add_argument("--data-dir", default=".stub-data", help="katalog för pu.db")
    parser.add_argument("--port", type=int, default=0, help="port (0 = välj en ledig)")
    parser.add_argument(
        "--slow-seconds", type=float, default=5.0, help="svarstid i läget langsam"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    component = PuComponent.start(
        arguments.data_dir, port=arguments.port, slow_delay_s=arguments.slow_seconds
    )
    done = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: done.set())
    print(f"PU-tjänsten (stubb) svarar på {component.url}/personer/<nummer>", flush=True)
    print(f"Skicka rubriken Authorization: Bearer {component.secret}", flush=True)
    print(f"Register: {component.db_path}. Avsluta med Ctrl+C.", flush=True)
    done.wait()
    component.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

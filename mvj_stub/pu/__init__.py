"""PU-tjänsten (Inera Personuppgiftstjänsten) as a separate component of the stub.

- ``PuComponent.start(data_dir, …)`` — the running service with its own SQLite file;
- ``PuClient(base_url, timeout_s).lookup(nummer12)`` — what the journal calls;
- ``register_pu_control(app, component)`` — the control routes (``mvj_stub.pu.control``).
"""

from mvj_stub.pu.client import (
    Found,
    NotFound,
    Protected,
    PuClient,
    PuResult,
    Unavailable,
    UnavailableReason,
)
from mvj_stub.pu.component import PuComponent
from mvj_stub.pu.model import Kon, Lage, PuControlError, PuPerson, PuSeedError, Svar

__all__ = [
    "Found",
    "Kon",
    "Lage",
    "NotFound",
    "Protected",
    "PuClient",
    "PuComponent",
    "PuControlError",
    "PuPerson",
    "PuResult",
    "PuSeedError",
    "Svar",
    "Unavailable",
    "UnavailableReason",
]

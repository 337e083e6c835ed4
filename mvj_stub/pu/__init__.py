"""PU-tjänsten (Inera Personuppgiftstjänsten) as a separate component of the stub.

- ``PuComponent.start(data_dir, …)`` — the running service with its own SQLite file;
- ``PuClient(base_url, timeout_s).lookup(number12)`` — what the journal calls;
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
from mvj_stub.pu.model import Answer, Mode, PuControlError, PuPerson, PuSeedError, Sex

__all__ = [
    "Answer",
    "Found",
    "Mode",
    "NotFound",
    "Protected",
    "PuClient",
    "PuComponent",
    "PuControlError",
    "PuPerson",
    "PuResult",
    "PuSeedError",
    "Sex",
    "Unavailable",
    "UnavailableReason",
]

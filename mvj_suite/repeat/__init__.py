"""./mvj repeat: the suite N times, and the scenarios that did not pass every time."""

"""A scenario's outcome as ``signoff.json`` stores it: the words the capabilities that
read that file (``./mvj mutation``, ``./mvj repeat``) share with the one that writes it."""

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"

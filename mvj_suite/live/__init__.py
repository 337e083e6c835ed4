"""Safety against a real journal: the wire guard, the preflight, the profile check, what
is skipped and why, no personal data in artefacts."""

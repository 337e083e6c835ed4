"""The ``mvj`` command: what ``./mvj`` hands over to once .venv is ready."""

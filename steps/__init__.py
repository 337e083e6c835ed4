"""Step definitions, grouped by domain concept and registered in conftest.py."""

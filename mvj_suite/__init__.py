"""The suite's own library: code that is not a fixture, a step or a page object.

``mvj_suite.core.options`` is registered as a pytest plugin through the package's
``pytest11`` entry point, so the suite's options exist before pytest has found
a rootdir or read any conftest.
"""

"""The suite's own library: code that is not a fixture, a step or a page object.

One package per capability (``live``, ``signoff``, ``a11y``, ``walkthrough``,
``mutation``, ``repeat``, ``progress``, ``allure``) on the shared ``core`` and the pure
``model``; ``cli`` is the ``mvj`` command. ``mvj_suite.plugin`` lists every capability's
plugin module and is registered through the ``pytest11`` entry point, so the suite's
options exist before pytest has found a rootdir or read any conftest. The arrows
between the packages are import-linter contracts (docs/arkitektur.md).
"""

"""The core every capability builds on: settings and options, the journal, the browser,
the one adapter over pytest-bdd and Allure, and the scenario information."""

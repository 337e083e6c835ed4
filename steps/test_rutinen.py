"""Binds every feature file (one per routine section) to pytest."""

from pytest_bdd import scenarios

scenarios(".")  # relative to bdd_features_base_dir (features/)

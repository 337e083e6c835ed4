"""Accessibility: axe-core on every view of the routine."""

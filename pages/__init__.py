"""Page objects for MittVaccin Journal: one per screen or dialog, words from ``vocabulary``."""

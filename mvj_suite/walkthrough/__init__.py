"""Training walkthroughs: each scenario filmed, captioned, with a guide and an index."""

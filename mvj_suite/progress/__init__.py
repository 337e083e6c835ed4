"""A line per scenario and a Swedish block per failure in the terminal."""

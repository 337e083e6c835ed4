"""Pure code, no browser and no pytest: identity numbers, test data, the profile and its
pools, the routine, its views and the steps' intent, accessibility data."""

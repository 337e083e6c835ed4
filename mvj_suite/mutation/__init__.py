"""./mvj mutation: the suite against a stub that breaks one rule at a time."""

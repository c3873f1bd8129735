"""Place profiles shipped with coproduction (see coproduction.places)."""

"""Signal receivers: how `incidents` reacts to what `sources` stores."""

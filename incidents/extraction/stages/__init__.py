"""The stages of the extraction engine, in the order ``engine.extract`` runs them (see there)."""

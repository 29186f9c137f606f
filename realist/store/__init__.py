"""The project database: the only place in realist that speaks SQL."""

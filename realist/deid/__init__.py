"""De-identification: detection and consistent pseudonymisation."""

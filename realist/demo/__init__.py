"""The demo study: a fictional Family Preservation and Reunification Response evaluation."""

"""The service context's entities and pure rules."""

"""The service context's ports: what its storage adapters implement."""

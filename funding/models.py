"""Domain models; see docs/ARCHITECTURE.md."""

"""Security hardening: each attack of issue 12 replayed as a test (see docs/security.md)."""

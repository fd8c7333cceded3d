"""Benchmarks: timings measured against a running server, not in the unit test suite."""

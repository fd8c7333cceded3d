"""Run the app from outside as deployed; shared by the benchmarks (bench) and the tests."""

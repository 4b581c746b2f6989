"""Benchmarks: `make bench` runs every module here with a main(); `python -m benchmarks NAME` runs one."""

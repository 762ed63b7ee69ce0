"""Benchmarks (`make bench`): each module here with a `run(args)` function is one benchmark.

Benchmarks report medians over several runs and ratios against a baseline measured alongside
(this machine is shared and noisy), never a single absolute time.
"""

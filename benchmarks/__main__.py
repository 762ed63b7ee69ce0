"""Run every benchmark module in this package, or those named: `python -m benchmarks proposals`."""

import argparse
import importlib
import pkgutil
import sys

import benchmarks


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmark modules to run (default: all)")
    args, rest = parser.parse_known_args(argv)
    names = args.names or sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if not m.name.startswith("_")
    )
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name} ==", flush=True)
        module.run(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

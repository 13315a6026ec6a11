"""``python -m graphmodel.cli``: the same as the ``supplynet`` command (the tests and
benchmarks run it this way, with the interpreter of their environment)."""

from graphmodel.cli import main

if __name__ == "__main__":  # not when merely imported (doctest collection imports it)
    main()

"""`python -m kontor …`: the same command line as the `kontor` console script."""

import sys

from kontor.cli import main

if __name__ == "__main__":
    sys.exit(main())

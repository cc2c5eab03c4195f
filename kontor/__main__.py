"""`python -m kontor check-company [FILE]`: validate company.yml before start-up."""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from kontor.company import CompanyConfigError, load_company
from kontor.settings import Settings


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m kontor")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check-company", help="validate company.yml")
    check.add_argument(
        "file", nargs="?", help="default: $KONTOR_COMPANY_FILE or company.yml"
    )
    args = parser.parse_args(argv)

    path = args.file or Settings.from_env().company_file
    try:
        company = load_company(path)
    except CompanyConfigError as error:
        print(f"✗ {error}", file=sys.stderr)
        return 1
    print(f"✓ {path}: {company.name}, {company.address.city}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

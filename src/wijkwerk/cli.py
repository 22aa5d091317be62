"""The `wijkwerk` console script: every Django management command with the project's settings.

Project commands are written with hyphens (`wijkwerk import-assets`); their modules use
underscores, so a hyphenated name is translated before Django looks it up.
"""

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwerk.settings")
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(["wijkwerk", *argv[1:]])


if __name__ == "__main__":
    main()

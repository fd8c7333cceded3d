#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")
    from django.core.management import execute_from_command_line

    from annotate.env import load_env_file

    load_env_file()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

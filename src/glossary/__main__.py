"""Allow ``python -m glossary``."""

import sys

try:
    from glossary.console import main

    status = main()
except KeyboardInterrupt:  # Ctrl-C while Python was still importing the program: end as any Ctrl-C does
    status = 130
sys.exit(status)

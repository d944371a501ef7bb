"""Allow ``python -m kszcheck``."""

from kszcheck.cli import main

if __name__ == "__main__":
    main()

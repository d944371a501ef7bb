"""A worker process reading a part of a large LDIF export (started by ``ldif_parts``):

    python -m kszcheck.collectors.ldif_worker PATH START END

writes the part's facts, pickled, to its standard output; exit code 1 when it could not."""

from __future__ import annotations

import sys

from kszcheck.collectors.ldif_parts import work

if __name__ == "__main__":
    sys.exit(work(sys.argv[1:]))

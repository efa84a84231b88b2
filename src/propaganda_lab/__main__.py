"""``python -m propaganda_lab`` runs the ``propaganda-lab`` command (handy without a PATH entry)."""

import sys

from propaganda_lab.cli import main

sys.exit(main())

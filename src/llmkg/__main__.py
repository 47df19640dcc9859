"""``python -m llmkg``."""

import sys

from llmkg.cli import main

sys.exit(main())

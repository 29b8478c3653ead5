import sys

from filmlint.cli import main

sys.exit(main())

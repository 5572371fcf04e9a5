import sys

from samaritan.cli.main import main

sys.exit(main())

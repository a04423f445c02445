"""`python -m npgap` runs the same CLI as the `npgap` console script."""

from npgap.cli import main

raise SystemExit(main())

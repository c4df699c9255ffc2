"""Entry script of the bundle's console executable `qiaomost` (the same as the installed
`qiaomost = app.cli:main` script: every sub-command; no sub-command opens the window)."""

from app.cli import main

raise SystemExit(main())

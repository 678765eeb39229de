"""`python -m facestack_local.emulator`: see server.main."""

from .server import main

raise SystemExit(main())

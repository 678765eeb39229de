"""The local cloud's emulator: moto's server, in-process, extended by facestack.

`python -m facestack_local.emulator --host 127.0.0.1 --port PORT --state-dir DIR
[--event-hook URL]` (docs/local-cloud.md, "The emulator", is the contract)."""

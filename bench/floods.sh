#!/usr/bin/env bash
# The floods of the open internet against the recommended launch: see bench/floods.py.
exec python3 "$(dirname "${BASH_SOURCE[0]}")/floods.py" "$@"

#!/usr/bin/env bash
# The heap one open connection pins, state by state: see bench/connection_heap.py.
exec python3 "$(dirname "${BASH_SOURCE[0]}")/connection_heap.py" "$@"

#!/usr/bin/env bash
# Where a start goes, the service against a stock Spring Boot app: see bench/startup_breakdown.py.
exec python3 "$(dirname "${BASH_SOURCE[0]}")/startup_breakdown.py" "$@"

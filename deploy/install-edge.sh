#!/usr/bin/env bash
# The edge as a site of Debian's nginx, in one command (docs/operations.md, as root):
#
#   deploy/install-edge.sh HOST REPLICA_1 REPLICA_2
#       e.g. deploy/install-edge.sh api.example.com 127.0.0.1:9001 127.0.0.1:9002
#
# 1. Renders deploy/edge.conf (the host name clients use, the two replicas' addresses) into
#    /etc/nginx/sites-available/summit-article-api, enabled by a link in sites-enabled.
# 2. Raises what Debian's nginx.conf allows: 768 connections per worker, within 1,024 file
#    descriptors, are exhausted by a few hundred slow clients (each holds a connection; a proxied
#    request holds two). Each worker gets worker_connections 4096 and worker_rlimit_nofile 16384.
# 3. Creates /var/cache/nginx, where the site's cache lives.
# 4. Checks the whole configuration with `nginx -t`; if it fails, puts back the files it changed
#    and exits 1.
# It reloads nothing: `systemctl reload-or-restart nginx` then serves the new configuration.
set -euo pipefail

(($# == 3)) || { sed -n '4,5p' "$0" | cut -c3- >&2; exit 2; }
export EDGE_HOST=$1 REPLICA_1=$2 REPLICA_2=$3
nginx=/etc/nginx
site=$nginx/sites-available/summit-article-api
template=$(dirname "${BASH_SOURCE[0]}")/edge.conf

backup=$(mktemp -d)
trap 'rm -rf "$backup"' EXIT
cp -a "$nginx/nginx.conf" "$backup/"
[[ -e $site ]] && cp -a "$site" "$backup/site"
restore() {
  cp -a "$backup/nginx.conf" "$nginx/"
  if [[ -e $backup/site ]]; then cp -a "$backup/site" "$site"; else rm -f "$site" "$nginx/sites-enabled/summit-article-api"; fi
}

# Only these three names are replaced: nginx's own variables ($host...) stay as they are.
# shellcheck disable=SC2016 # the names, not their values
envsubst '${EDGE_HOST} ${REPLICA_1} ${REPLICA_2}' <"$template" >"$site"
ln -sfn "$site" "$nginx/sites-enabled/summit-article-api"

sed -i -E 's/^(\s*worker_connections)\s+[0-9]+;/\1 4096;/' "$nginx/nginx.conf"
grep -Eq '^\s*worker_rlimit_nofile\s' "$nginx/nginx.conf" ||
  sed -i -E '0,/^\s*worker_processes\s/s//worker_rlimit_nofile 16384;\n&/' "$nginx/nginx.conf"

install -d /var/cache/nginx

if ! nginx -t -q; then
  restore
  echo "deploy/install-edge.sh: nginx -t failed (above); the previous configuration is back" >&2
  exit 1
fi
echo "deploy/install-edge.sh: $site enabled and nginx -t passed; now: systemctl reload-or-restart nginx"

#!/usr/bin/env bash
# Builds the service with one unusual piece swapped for its conventional form, or its container
# for another, to measure the two side by side (bench/ab.sh, or a row of bench/run.sh):
#
#   bench/variant.sh NAME      ->  bench/results/variants/NAME.jar
#
# NAME is a patch in bench/variants/ (NAME.patch), or "head" for none (the commit as it is), applied to the current commit in a temporary
# git worktree, so the working tree is never touched: jetty (Jetty 12 instead of Tomcat, the
# Tomcat-only pieces left out), servlet-headers (every header through the servlet API, without
# the EncodedHeaders valve), boot-observation (Spring's ServerHttpObservationFilter with a
# convention for the representation and coding tags, instead of RequestMetricsFilter),
# no-fast-path (every request through Spring MVC). Exits non-zero when the patch no longer
# applies or the build fails.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
name=${1:?usage: bench/variant.sh NAME (a patch in bench/variants/)}
patch=$root/bench/variants/$name.patch
[[ $name == head || -f $patch ]] || { echo "bench/variant.sh: no $patch" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/summit-variant.XXXXXX")
trap 'git -C "$root" worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add -q --detach "$work/tree" HEAD
[[ $name == head ]] || git -C "$work/tree" apply "$patch"
(cd "$work/tree" && mvn -q -B package -Dmaven.test.skip=true) >"$work/build.log" 2>&1 ||
  { tail -n 30 "$work/build.log" >&2; echo "bench/variant.sh: the $name build failed" >&2; exit 1; }
mkdir -p "$root/bench/results/variants"
cp "$work/tree"/target/summit-article-api-*[0-9T].jar "$root/bench/results/variants/$name.jar"
echo "$root/bench/results/variants/$name.jar"

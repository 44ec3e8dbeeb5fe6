#!/usr/bin/env bash
# The recommended production launch, one command:
#
#   deploy/run.sh [application arguments...]      e.g. deploy/run.sh --server.port=9000
#
# Takes the built jar (mvn -B package), extracts it once into a directory and trains a class-data
# archive there once: CDS on Java 17 to 24, the AOT cache on Java 25 and later. Then it execs java
# with the flags below, so the process it leaves is the JVM itself: signals reach it directly, and
# its exit status is the service's.
#
# Environment:
#   JAVA_HOME        the JDK to run (default: the java on PATH)
#   SUMMIT_JAR       the jar (default: target/summit-article-api-*.jar)
#   SUMMIT_APP_DIR   where the extracted jar and its archive live (default: target/app)
#   JAVA_OPTS        more JVM flags, after ours (so they win)
#
# Memory is sized from what one connection costs (README, "Running it in production"): the heap
# holds server.tomcat.max-connections connections mid-request-head; the process stays within
# 384 MB of RSS holding them.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=${SUMMIT_JAR:-$(find "$root/target" -maxdepth 1 -name 'summit-article-api-*.jar' ! -name '*-plain.jar' 2>/dev/null | head -n 1 || true)}
[[ -n $jar && -f $jar ]] || { echo "deploy/run.sh: no jar; build it first: mvn -B package" >&2; exit 1; }
dir=${SUMMIT_APP_DIR:-$root/target/app}

# The JDK's version, from its release file (starting a JVM to ask would cost this start a tenth
# of a second); from the JVM itself where there is no such file.
home=$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")
version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release" 2>/dev/null || true)
[[ -n $version ]] || version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.version = //p')
feature=${version%%[.+-]*}
# On Java 25 and later the JIT also waits for eight times the calls before it compiles a method
# (CompileThresholdScaling): on two cores its compilers otherwise take half the CPU of a start,
# for code the start runs a few hundred times, and the request path, called thousands of times a
# second, is compiled within seconds all the same. On Java 17 a request then still costs 3 % more
# after two minutes of load, so there it stays at 1 (README, "Performance").
if ((feature >= 25)); then
  archive=app.aot train=(-XX:AOTCacheOutput=app.aot -Xlog:aot=error,cds=error)
  use=(-XX:AOTCache=app.aot -XX:CompileThresholdScaling=8)
else
  archive=app.jsa train=(-XX:ArchiveClassesAtExit=app.jsa -Xlog:cds=error,cds+dynamic=error) use=(-XX:SharedArchiveFile=app.jsa)
fi

# Extract and train once per jar and JDK; replicas started together wait for the first one. The
# jar is known by its size, modification time and inode (hashing its 30 MB would cost every
# start a fifth of a second), the JDK by its path and version.
mkdir -p "$dir"
stamp="$(stat -c '%s %y %i' "$jar") $home $version"
(
  flock 9
  if [[ $(cat "$dir/stamp" 2>/dev/null) != "$stamp" || ! -s $dir/app/$archive ]]; then
    rm -rf "$dir/app"
    "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >&2
    name=$(basename "$jar")
    # The training run starts the application, builds every bean, then exits; its ports are
    # random so that it never collides with a replica that is already serving. The archive
    # warnings it prints (classes it cannot archive, such as those of a signed or generated
    # origin) are expected; only errors are shown.
    (cd "$dir/app" && "$java" -Dspring.aot.enabled=true "${train[@]}" \
      -Dspring.context.exit=onRefresh -jar "$name" --server.port=0 --management.server.port=0 \
      --spring.main.banner-mode=off --logging.level.root=warn >&2)
    [[ -s $dir/app/$archive ]] || { echo "deploy/run.sh: the training run wrote no $archive" >&2; exit 1; }
    echo "$stamp" >"$dir/stamp"
  fi
) 9>"$dir/.lock"

# Each connection is a file descriptor: allow as many as the system lets this user have.
ulimit -n "$(ulimit -Hn)"

cd "$dir/app"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec "$java" -Dspring.aot.enabled=true "${use[@]}" \
  -XX:+ExitOnOutOfMemoryError \
  -XX:+UseSerialGC -Xms96m -Xmx256m -Xmn48m -Xss256k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m \
  -XX:TrimNativeHeapInterval=1000 \
  ${JAVA_OPTS:-} \
  -jar "$(basename "$jar")" "$@"

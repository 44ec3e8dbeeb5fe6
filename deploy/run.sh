#!/usr/bin/env bash
# The recommended production launch, one command (docs/operations.md):
#
#   deploy/run.sh [application arguments...]      e.g. deploy/run.sh --server.port=9000
#
# Runs the jar of the current build, the one `mvn package` last wrote in target/ (named in
# target/maven-archiver/pom.properties), or the jar SUMMIT_JAR names; it refuses when it cannot
# tell which. Each jar (and JDK) gets a folder of its own, where the jar is extracted and a
# class-data archive trained once: CDS on Java 17 to 24, the AOT cache on Java 25 and later. The
# first start of a jar takes that much longer (docs/operations.md). Then it execs java with the
# flags below, from the caller's folder (relative paths in arguments mean what they mean to the
# caller), so the process it leaves is the JVM itself: signals reach it directly, and its exit
# status is the service's (143 after SIGTERM and a drain, 130 after Ctrl-C).
#
# Environment:
#   SUMMIT_JAR       the jar (default: the current build's in target/)
#   SUMMIT_APP_DIR   where the jars' folders live (default: $CACHE_DIRECTORY, which systemd sets
#                    for CacheDirectory=, else target/app)
#   JAVA_HOME        the JDK to run (default: the java on PATH)
#   JAVA_OPTS        more JVM flags, after ours (so they win)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
fail() { echo "deploy/run.sh: $*" >&2; exit 1; }

if [[ -n ${SUMMIT_JAR:-} ]]; then
  jar=$(realpath -e "$SUMMIT_JAR" 2>/dev/null) || fail "SUMMIT_JAR=$SUMMIT_JAR: no such jar"
else
  build=$root/target/maven-archiver/pom.properties
  jars=$(find "$root/target" -maxdepth 1 -name '*.jar' -printf '  %f\n' 2>/dev/null || true)
  [[ -n $jars ]] || fail "no jar in $root/target; build it first: mvn -B package"
  [[ -f $build ]] || fail "cannot tell which jar in target/ is the current build (no $build):"$'\n'"$jars"$'\n'"name one: SUMMIT_JAR=target/<name>.jar deploy/run.sh"
  jar=$root/target/$(sed -n 's/^artifactId=//p' "$build")-$(sed -n 's/^version=//p' "$build").jar
  [[ -f $jar ]] || fail "the current build's $(basename "$jar") is not in target/ (it holds:"$'\n'"$jars"$'\n'"); rebuild it (mvn -B package) or name one: SUMMIT_JAR=target/<name>.jar deploy/run.sh"
fi
base=${SUMMIT_APP_DIR:-${CACHE_DIRECTORY:-$root/target/app}}

# The JDK's version, from its release file (starting a JVM to ask would cost this start a tenth
# of a second); from the JVM itself where there is no such file.
home=$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")
version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release" 2>/dev/null || true)
[[ -n $version ]] || version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.version = //p')
feature=${version%%[.+-]*}

# The jar's folder: its name, the JDK's version, and a checksum of what identifies both (the
# jar's size, modification time and inode: hashing its 30 MB would cost every start a fifth of a
# second; the JDK's path and version). A new jar or JDK never touches a folder another replica
# runs from.
name=$(basename "$jar" .jar)
key=$(echo "$(stat -c '%s %Y %i' "$jar") $home $version" | cksum)
dir=$base/$name-$version-${key%% *}
app=$dir/app/$name.jar

# On Java 25 and later the JIT also waits for eight times the calls before it compiles a method
# (CompileThresholdScaling): on two cores its compilers otherwise take half the CPU of a start,
# for code the start runs a few hundred times, and the request path, called thousands of times a
# second, is compiled within seconds all the same. On Java 17 a request then still costs 3 % more
# after two minutes of load, so there it stays at 1.
# shellcheck disable=SC2054 # the commas are inside -Xlog flags
if ((feature >= 25)); then
  train=(-XX:AOTCacheOutput="$dir/app.aot" -Xlog:aot=error,cds=error)
  use=(-XX:AOTCache="$dir/app.aot" -XX:CompileThresholdScaling=8)
else
  train=(-XX:ArchiveClassesAtExit="$dir/app.jsa" -Xlog:cds=error,cds+dynamic=error)
  use=(-XX:SharedArchiveFile="$dir/app.jsa")
fi

# One start at a time extracts and trains (replicas started together wait for the first); each
# then holds its folder's in-use lock, shared, for as long as its JVM runs (the JVM inherits the
# descriptor), so that no later start deletes it.
mkdir -p "$base"
exec 9>"$base/.lock"
flock 9
if [[ ! -f $dir/trained ]]; then
  rm -rf "$dir"
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >&2
  # The training run starts the application, builds every bean, then exits; its ports are
  # random so that it never collides with a replica that is already serving. The archive
  # warnings it prints (classes it cannot archive, such as those of a signed or generated
  # origin) are expected; only errors are shown.
  "$java" -Dspring.aot.enabled=true "${train[@]}" -Dspring.context.exit=onRefresh -jar "$app" \
    --server.port=0 --management.server.port=0 --spring.main.banner-mode=off --logging.level.root=warn >&2
  [[ -s ${train[0]#*=} ]] || fail "the training run wrote no ${train[0]#*=}"
  touch "$dir/trained"
fi
# Older builds of the same jar name on this JDK that no JVM runs from any more.
for old in "$base/$name-$version-"*; do
  if [[ $old != "$dir" ]] && flock -n -x "$old/.in-use" true 2>/dev/null; then rm -rf "$old"; fi
done
exec 8<>"$dir/.in-use"
flock -s 8
exec 9>&-

# Memory: the heap and the limits sized together with the connection limits of
# application.properties (docs/operations.md).
# Each connection is a file descriptor: allow as many as the system lets this user have.
ulimit -n "$(ulimit -Hn)"

# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec "$java" -Dspring.aot.enabled=true "${use[@]}" \
  -XX:+ExitOnOutOfMemoryError \
  -XX:+UseSerialGC -Xms96m -Xmx256m -Xmn48m -Xss256k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m \
  -XX:TrimNativeHeapInterval=1000 \
  ${JAVA_OPTS:-} \
  -jar "$app" "$@"

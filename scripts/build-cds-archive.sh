#!/usr/bin/env bash
# Part of the gateway's package step: makes the packaged CLI start faster.
#
#   scripts/build-cds-archive.sh TARGET_DIR     # e.g. gateway/target, holding piccolo.jar and lib/
#
# 1. Drops the signature of the signed Eclipse compiler jar (ecj) in lib/: the JVM checks every
#    class read from a signed jar against it (about a tenth of a cold DRL build), and the
#    class-data-sharing archive leaves classes of signed jars out. Maven checked the jar's checksum
#    when it downloaded it.
# 2. Writes piccolo.jsa, a static class-data-sharing archive of the classes that `rules check`,
#    `rules test` and a short `simulate` load (JDK, picocli, Jackson, Drools, PICCOLO), and
#    piccolo.jsa.java, the java binary that made it; ./piccolo passes the archive to that JVM.
#    The class list's @lambda-proxy lines are left out: dumping them crashes some JDK 17 builds.
#
# Nothing here can fail the build: without zip the signature stays, and when the JVM cannot dump
# an archive there is none and ./piccolo starts without one. PICCOLO_CDS=off skips the archive.
set -uo pipefail
target="$(cd "${1:?usage: build-cds-archive.sh TARGET_DIR}" && pwd)"
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$target/piccolo.jar"
archive="$target/piccolo.jsa"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

for signed in "$target"/lib/ecj-*.jar; do
  [ -f "$signed" ] || continue
  if command -v zip >/dev/null 2>&1; then
    zip -q -d "$signed" 'META-INF/*.SF' 'META-INF/*.RSA' 'META-INF/*.DSA' 'META-INF/*.EC' \
      >/dev/null 2>&1 || true # exit 12: nothing left to remove
  fi
done

rm -f "$archive" "$archive.java"
[ "${PICCOLO_CDS:-on}" = off ] && exit 0
[ -f "$jar" ] || exit 0

work="$target/cds"
rm -rf "$work"
mkdir -p "$work/home"
trap 'rm -rf "$work"' EXIT
# the training runs read and write nothing of the user's
export XDG_CONFIG_HOME="$work/home" XDG_DATA_HOME="$work/home" XDG_CACHE_HOME="$work/home"

train() { # list-name command...
  local list="$work/$1.classlist"
  shift
  "$java" -Xshare:off -XX:DumpLoadedClassList="$list" -jar "$jar" "$@" >/dev/null 2>&1 || true
}
train bench-trace bench trace --samples 20000 --out "$work/train.csv"
train check rules check "$home/rules"
train check-again rules check "$home/rules" # the second build takes classes from the cache
train simulate simulate --rules "$home/rules" --trace "$work/train.csv" --out /dev/null
train spec rules test "$home/rules/camera"

cat "$work"/*.classlist 2>/dev/null | grep -v '@lambda-proxy' | awk '!seen[$0]++' >"$work/all.list"
[ -s "$work/all.list" ] || exit 0
if "$java" -Xshare:dump -XX:SharedClassListFile="$work/all.list" \
  -XX:SharedArchiveFile="$archive" -cp "$jar" >"$work/dump.log" 2>&1 &&
  "$java" -Xshare:on -XX:SharedArchiveFile="$archive" -jar "$jar" --version >/dev/null 2>&1; then
  readlink -f "$(command -v "$java")" >"$archive.java"
else
  rm -f "$archive" # the JVM could not make or use one: start without
fi
exit 0

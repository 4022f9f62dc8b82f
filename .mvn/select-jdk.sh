# Sourced by ./mvnw before Maven starts: makes JAVA_HOME point at a JDK 21 or newer.
# Order: a JAVA_HOME that is already 21+, the `java` on PATH if it is 21+, then the newest JDK 21+
# found in the usual install folders. Stops with a clear message when there is none.

otp4j_jdk_major() {
  # Prints the feature version of the JDK at $1 (reads its `release` file; no JVM is started).
  [ -f "$1/release" ] && [ -x "$1/bin/javac" ] || return 1
  sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
}

otp4j_select_jdk() {
  otp4j_min=21
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(otp4j_jdk_major "$JAVA_HOME" || true)
    if [ -n "$v" ] && [ "$v" -ge "$otp4j_min" ]; then return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    v=$(otp4j_jdk_major "$home" || true)
    if [ -n "$v" ] && [ "$v" -ge "$otp4j_min" ]; then JAVA_HOME=$home; export JAVA_HOME; return 0; fi
  fi
  best=""; bestv=0
  case $- in *f*) otp4j_noglob=1 ;; *) otp4j_noglob=0 ;; esac
  set +f
  for home in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "${HOME:-/nonexistent}"/.sdkman/candidates/java/* \
      "${HOME:-/nonexistent}"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] || continue
    v=$(otp4j_jdk_major "$home" || true)
    if [ -n "$v" ] && [ "$v" -ge "$otp4j_min" ] && [ "$v" -gt "$bestv" ]; then best=$home; bestv=$v; fi
  done
  [ "$otp4j_noglob" = 1 ] && set -f
  if [ -z "$best" ]; then
    echo "otp4j needs a JDK $otp4j_min or newer to build, and none was found." >&2
    echo "Checked JAVA_HOME (${JAVA_HOME:-unset}), the java on PATH, and /usr/lib/jvm, /usr/local/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
    exit 1
  fi
  JAVA_HOME=$best; export JAVA_HOME
}

otp4j_select_jdk

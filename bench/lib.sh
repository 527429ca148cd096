# Shared by the bench/ scripts: pick the JDK, build the test classpath once, run from the repo root.
# After sourcing: bench_classpath sets BENCH_CP (test classes + classes + every dependency).
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[[ -x "$JAVA_HOME/bin/javac" ]] || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export PATH="$JAVA_HOME/bin:$PATH"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# the trusted registry takes only tokens signed by the key ./gef made (docs/security.md): the benches mint theirs
if [[ -z "${GEF_REGISTRY_TOKEN_KEY:-}" && -f "$ROOT/var/registry-auth/token-key.pem" ]]; then
  export GEF_REGISTRY_TOKEN_KEY="$ROOT/var/registry-auth/token-key.pem"
  export GEF_REGISTRY_TOKEN_CERT="$ROOT/var/registry-auth/token-cert.pem"
fi

bench_classpath() {
  local cp_file="$ROOT/gef-server/target/bench-classpath.txt"
  if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$cp_file" ]]; then
    # one reactor invocation: sibling modules resolve to their target/classes, nothing is installed in ~/.m2
    rm -f "$cp_file"
    mkdir -p "$ROOT/gef-server/target"
    if ! mvn -B -q -pl gef-server -am test-compile \
        org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath \
        -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >"$ROOT/gef-server/target/bench-build.log" 2>&1; then
      grep -v -e 'sun.misc.Unsafe' -e '^WARNING' "$ROOT/gef-server/target/bench-build.log" >&2
      exit 1
    fi
  fi
  BENCH_CP="$ROOT/gef-server/target/test-classes:$ROOT/gef-server/target/classes:$(cat "$cp_file")"
}

# The baselines' tools (Debian's nginx with sendfile, curl, wrk): installed when missing, as root on Debian, so a
# fresh machine runs the benches as it runs ./gef up; elsewhere it says what to install.
bench_packages() {
  local missing=() p
  for p in nginx-light curl wrk; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]] || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 || ! -x /usr/bin/apt-get ]]; then
    echo "bench: missing Debian packages: ${missing[*]} (install them as root)" >&2
    return 1
  fi
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 \
    || { echo "bench: apt-get install ${missing[*]} failed" >&2; return 1; }
  # the package starts its own nginx on port 80; the bench runs one of its own on its own port
  systemctl disable --now nginx >/dev/null 2>&1 || nginx -s quit >/dev/null 2>&1 || true
}

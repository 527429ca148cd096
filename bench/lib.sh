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

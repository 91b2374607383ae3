#!/usr/bin/env bash
# Builds a real kube-apiserver (Kubernetes 1.20.2) from Debian 12's `kubernetes` source package with
# Debian's Go 1.19, and caches it at $HARMONY_CACHE/kube/bin/kube-apiserver (default cache:
# ~/.cache/harmony-topology-designer). No kube-apiserver binary exists in Debian or npm, and only the
# Debian archive is reachable on the machines this runs on, hence a source build.
#
# Idempotent: exits at once when the binary is already there. Takes about 5-6 min on 2 cores and
# ~1.3 GB of RAM. Needs the packages of scripts/env/install-debian-packages.sh.
# The full log is $HARMONY_CACHE/kube/build.log; each phase prints one line.
set -Eeuo pipefail

CACHE="${HARMONY_CACHE:-$HOME/.cache/harmony-topology-designer}"
KUBE="$CACHE/kube"
BIN="$KUBE/bin/kube-apiserver"
[ -x "$BIN" ] && exit 0

GO_ROOT_BIN=/usr/lib/go-1.19/bin
GOCODE=/usr/share/gocode/src/github.com
LOG="$KUBE/build.log"
APT_DIR="$KUBE/apt"          # private apt config, lists and cache: the system's are never touched
DL="$KUBE/download"          # the source package (kept: a rebuild needs no network)
SRC="$KUBE/src"              # the unpacked source tree (deleted after a successful build)
GOPATH_DIR="$KUBE/gopath"    # GOPATH with src/k8s.io/kubernetes -> the source tree
GOCACHE_DIR="$KUBE/gocache"  # go build cache, kept after a failure so a retry is faster

mkdir -p "$KUBE"
# One build at a time (two test runs may ask at once); the second one finds the binary and leaves.
exec 9>"$KUBE/.build.lock"
if ! flock -n 9; then
  echo "kube-apiserver build: another build is running (log: $LOG); waiting for it"
  flock 9
fi
[ -x "$BIN" ] && exit 0
: >"$LOG"
started=$SECONDS
phase() { printf 'kube-apiserver build [%3ds] %s\n' "$((SECONDS - started))" "$*" | tee -a "$LOG"; }
fail() {
  echo "kube-apiserver build FAILED during: $current (log: $LOG); last lines:" >&2
  tail -n 25 "$LOG" >&2
}
current="checking prerequisites"
trap fail ERR

missing=()
[ -x "$GO_ROOT_BIN/go" ] || missing+=(golang-1.19-go)
[ -d "$GOCODE/modern-go/reflect2" ] || missing+=(golang-github-modern-go-reflect2-dev)
[ -d "$GOCODE/json-iterator/go" ] || missing+=(golang-github-json-iterator-go-dev)
command -v apt-get >/dev/null || { echo "kube-apiserver build needs apt-get (Debian)" >&2; exit 1; }
if [ ${#missing[@]} -gt 0 ]; then
  echo "kube-apiserver build needs Debian packages: ${missing[*]}" >&2
  echo "run: scripts/env/install-debian-packages.sh" >&2
  exit 1
fi

# --- 1. source package -------------------------------------------------------------------------
current="downloading the kubernetes source package"
phase "1/6 $current (log: $LOG)"
shopt -s nullglob
orig=("$DL"/kubernetes_*.orig.tar.gz)
if [ ${#orig[@]} -eq 0 ]; then
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/sources.list.d" "$DL"
  : >"$APT_DIR/sources.list"
  # deb-src twins of the system's Debian entries (deb822 first, then one-line style).
  for f in /etc/apt/sources.list.d/*.sources; do
    grep -qi 'debian' "$f" || continue
    sed -E 's/^Types:.*/Types: deb-src/I' "$f" >"$APT_DIR/sources.list.d/$(basename "$f")"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    grep -E '^[[:space:]]*deb[[:space:]].*debian' "$f" | sed -E 's/^[[:space:]]*deb[[:space:]]/deb-src /' \
      >>"$APT_DIR/sources.list" || true
  done
  if [ -z "$(ls -A "$APT_DIR/sources.list.d")" ] && [ ! -s "$APT_DIR/sources.list" ]; then
    echo "deb-src http://deb.debian.org/debian bookworm main" >"$APT_DIR/sources.list"
  fi
  APT_OPTS=(
    -o "Dir::Etc::sourcelist=$APT_DIR/sources.list"
    -o "Dir::Etc::sourceparts=$APT_DIR/sources.list.d"
    -o "Dir::State::Lists=$APT_DIR/lists"
    -o "Dir::Cache=$APT_DIR/cache"
  )
  [ "$(id -u)" -eq 0 ] && APT_OPTS+=(-o "APT::Sandbox::User=root")
  apt-get "${APT_OPTS[@]}" update >>"$LOG" 2>&1
  (cd "$DL" && apt-get "${APT_OPTS[@]}" source --download-only kubernetes) >>"$LOG" 2>&1
  orig=("$DL"/kubernetes_*.orig.tar.gz)
  [ ${#orig[@]} -gt 0 ] || { echo "no kubernetes .orig.tar.gz was downloaded" >>"$LOG"; false; }
fi

# --- 2. unpack into a GOPATH ------------------------------------------------------------------
current="unpacking the source"
phase "2/6 $current ($(basename "${orig[0]}"))"
rm -rf "$SRC" "$GOPATH_DIR"
mkdir -p "$SRC" "$GOPATH_DIR/src/k8s.io" "$KUBE/bin" "$GOCACHE_DIR"
tar -xzf "${orig[0]}" -C "$SRC" --strip-components=1
version=$(basename "${orig[0]}" .orig.tar.gz); version=${version#kubernetes_}; version=${version##*really}
echo "kubernetes source version: $version" >>"$LOG"
ln -s "$SRC" "$GOPATH_DIR/src/k8s.io/kubernetes"

export GOPATH="$GOPATH_DIR" GOCACHE="$GOCACHE_DIR" GO111MODULE=off GOPROXY=off GOFLAGS= CGO_ENABLED=0
export PATH="$GO_ROOT_BIN:$PATH"
# Through the symlink, so Go sees the package as k8s.io/kubernetes inside GOPATH.
cd "$GOPATH_DIR/src/k8s.io/kubernetes"
go version >>"$LOG"

# --- 3. newer reflect2 / json-iterator -----------------------------------------------------------
# With Go >= 1.18 the vendored copies (reflect2 1.0.1, json-iterator 1.1.10) make the server segfault
# on the first custom-resource write; Debian's newer copies are drop-in replacements.
current="replacing vendored reflect2 and json-iterator with Debian's copies"
phase "3/6 $current"
replace_vendored() { # $1: package path under github.com
  local dst="vendor/github.com/$1" src="$GOCODE/$1"
  find "$dst" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) -delete
  find "$src" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' -exec cp -L {} "$dst/" \;
}
replace_vendored modern-go/reflect2
replace_vendored json-iterator/go

# --- 4. openapi definitions --------------------------------------------------------------------
# The release tarball lacks pkg/generated/openapi/zz_generated.openapi.go (the Makefile generates it);
# without it: "undefined: openapi.GetOpenAPIDefinitions". Same inputs as build/root/Makefile.generated_files.
current="generating pkg/generated/openapi with openapi-gen"
phase "4/6 $current"
go build -o "$KUBE/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen >>"$LOG" 2>&1
openapi_dirs=$(
  find -H . \( -path ./_\* -o -path ./.\* -o -path ./vendor \) -prune -o -type f -name '*.go' -print \
    | sed 's|^\./staging/src|vendor|; s|^\./||' \
    | grep -v -E '^vendor/k8s\.io/(code-generator|sample-apiserver)/' \
    | { xargs grep -l -E '^// *\+k8s:' || true; } \
    | { xargs grep -l -F '+k8s:openapi-gen=' || true; } \
    | xargs -n1 dirname | LC_ALL=C sort -u | sed 's|^|k8s.io/kubernetes/|' | paste -sd, -
)
mkdir -p "$SRC/_output"
"$KUBE/openapi-gen" --logtostderr -i "$openapi_dirs" \
  -p k8s.io/kubernetes/pkg/generated/openapi -O zz_generated.openapi \
  -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt \
  -r "$SRC/_output/openapi-violations.report" >>"$LOG" 2>&1
[ -s pkg/generated/openapi/zz_generated.openapi.go ] || { echo "openapi-gen wrote nothing" >>"$LOG"; false; }

# --- 5. kube-apiserver ---------------------------------------------------------------------------
current="building cmd/kube-apiserver (about 5 min on 2 cores)"
phase "5/6 $current"
vpkg=k8s.io/kubernetes/vendor/k8s.io/component-base/version
IFS=. read -r major minor _ <<<"$version"
ldflags="-s -w -X $vpkg.gitVersion=v$version -X $vpkg.gitMajor=$major -X $vpkg.gitMinor=$minor"
ldflags+=" -X $vpkg.gitTreeState=clean -X $vpkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
go build -trimpath -ldflags "$ldflags" -o "$BIN.partial" ./cmd/kube-apiserver >>"$LOG" 2>&1
"$BIN.partial" --version >>"$LOG" 2>&1
mv "$BIN.partial" "$BIN"

# --- 6. clean up ---------------------------------------------------------------------------------
current="removing the build tree"
cd "$KUBE"
size=$(du -shc "$SRC/" "$GOCACHE_DIR" 2>/dev/null | tail -n1 | cut -f1)
phase "6/6 $current (source + go cache: $size; keeping bin/ and download/)"
rm -rf "$SRC" "$GOPATH_DIR" "$GOCACHE_DIR" "$KUBE/openapi-gen" "$APT_DIR"
trap - ERR
phase "done: $BIN ($("$BIN" --version 2>/dev/null)) in $((SECONDS - started)) s"

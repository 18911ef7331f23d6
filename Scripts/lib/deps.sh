# Shared by Scripts/chiso, Scripts/test and Scripts/bench: install what the build needs when
# it is missing (a fresh machine of this kind has the Swift toolchain and Python only).
ensure_deps() {
  if ! command -v swift >/dev/null 2>&1; then
    echo "swift is not on PATH (expected the Swift toolchain at /opt/swift)" >&2
    exit 1
  fi
  # libedit-dev: the shell's line editor (the CEditLine module) links against it.
  if [ -d Sources/CEditLine ] && ! { [ -f /usr/include/histedit.h ] || [ -f /usr/include/editline/readline.h ]; }; then
    echo "installing libedit-dev…" >&2
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq >/dev/null && apt-get install -y -qq libedit-dev >/dev/null
    else
      sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq libedit-dev >/dev/null
    fi
  fi
  ensure_zlib
  ensure_libpq
  ensure_readstat
}

# libreadstat-dev: SPSS, Stata and SAS files (the CReadStat module, called by StatFiles).
ensure_readstat() {
  if [ ! -f /usr/include/readstat.h ]; then
    echo "installing libreadstat-dev…" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq libreadstat-dev >/dev/null
  fi
}

# The Python test packages (PyPI), in a private venv: pyreadstat reads back chiso's .dta and
# .sav; ipykernel, jupyter_kernel_test and nbclient run the Jupyter kernel's tests and the
# lessons; pytest-lsp drives the language server. For the tests only; chiso itself never calls Python. Prints the venv's python.
ensure_test_python() {
  local venv=".build/test-venv"
  if ! "$venv/bin/python" -c 'import pyreadstat, pandas, ipykernel, jupyter_kernel_test, nbclient, nbformat, pytest_lsp' 2>/dev/null; then
    echo "installing the Python test packages (pyreadstat, pandas; ipykernel, jupyter_kernel_test, nbclient; pytest-lsp) into $venv (once, about 40 s)…" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet pyreadstat pandas ipykernel jupyter_client jupyter_kernel_test nbclient nbformat pytest-lsp >&2
  fi
  echo "$venv/bin/python"
}

# libpq-dev: the PostgreSQL client library (the CLibPQ module, attach / push-down / export).
ensure_libpq() {
  if ! pkg-config --exists libpq 2>/dev/null; then
    echo "installing libpq-dev…" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq libpq-dev pkg-config >/dev/null
  fi
}

# postgresql: the server the database tests start (a throw-away cluster, see pg_start).
ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "installing postgresql…" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
}

# Starts a throw-away PostgreSQL cluster: initdb + pg_ctl in a temporary folder, listening on
# a Unix socket there only (no TCP port), trust authentication for its own user. initdb
# refuses to run as root, so as root the cluster belongs to the postgres user. Sets
# CHISO_TEST_PG (the connection string the tests use) and PG_CLUSTER_DIR; pg_stop stops it.
pg_start() {
  ensure_postgres
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_CLUSTER_DIR=$(mktemp -d /tmp/chiso-pg.XXXXXX)
  # A port of its own (it only names the socket file), so two runs never meet.
  local port=$((50000 + RANDOM % 10000))
  local run=()
  local user; user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_CLUSTER_DIR"
    run=(runuser -u postgres --)
    user=postgres
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_CLUSTER_DIR/data" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_CLUSTER_DIR/initdb.log" 2>&1 \
    || { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" -w \
    -o "-c listen_addresses='' -c unix_socket_directories='$PG_CLUSTER_DIR' -p $port -c fsync=off -c full_page_writes=off" start >/dev/null \
    || { cat "$PG_CLUSTER_DIR/server.log" >&2; return 1; }
  PG_RUN=("${run[@]}")
  PG_BIN=$bin
  export CHISO_TEST_PG="host=$PG_CLUSTER_DIR port=$port user=$user dbname=postgres"
}

pg_stop() {
  [ -n "${PG_CLUSTER_DIR:-}" ] || return 0
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_CLUSTER_DIR"
  PG_CLUSTER_DIR=""
}

# zlib1g-dev: ZIPFoundation (the .xlsx reader and writer) inflates and deflates with zlib.
ensure_zlib() {
  if ! pkg-config --exists zlib 2>/dev/null && [ ! -f /usr/include/zlib.h ]; then
    echo "installing zlib1g-dev…" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq zlib1g-dev pkg-config >/dev/null
  fi
}

# The test suite also runs under a German and a Vietnamese locale (decimal commas, translated
# system messages) to prove that no number or message depends on the process locale.
ensure_test_locales() {
  local need=()
  for l in de_DE vi_VN; do
    locale -a 2>/dev/null | grep -qi "^${l}\.utf-\?8$" || need+=("$l")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  if ! command -v localedef >/dev/null 2>&1 || [ ! -d /usr/share/i18n/locales ]; then
    echo "installing locales…" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq locales >/dev/null
  fi
  for l in "${need[@]}"; do
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo localedef -i "$l" -f UTF-8 "$l.UTF-8"
  done
}

# rsvg-convert renders the golden SVG charts to PNG in the tests (a second, independent reader
# of the SVG besides Foundation's XML parser).
# less is the pager the shell's pseudo-terminal test opens and quits.
ensure_rsvg() {
  local need=()
  command -v rsvg-convert >/dev/null 2>&1 || need+=(librsvg2-bin)
  command -v less >/dev/null 2>&1 || need+=(less)
  [ ${#need[@]} -eq 0 ] && return 0
  echo "installing ${need[*]}…" >&2
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "${need[@]}" >/dev/null
}

# The release build of chiso in .build/release (Scripts/chiso, Scripts/jupyter): built only when a
# source is newer than the binary, so a second start costs no build (< 100 ms).
ensure_release_build() {
  local bin=".build/release/chiso"
  if [ ! -x "$bin" ] || [ -n "$(find Sources Package.swift -newer "$bin" -print -quit 2>/dev/null)" ]; then
    ensure_deps
    # Say what a first start is doing: the release build takes minutes, the next start none.
    if [ ! -x "$bin" ]; then
      echo "chiso: first start — compiling chiso and its Swift packages in release mode (about 3 minutes on 2 cores; later starts are instant)…" >&2
    else
      echo "chiso: sources changed — rebuilding (usually under a minute)…" >&2
    fi
    local started=$(date +%s)
    # The Swift runtime and Foundation linked in: the dynamic loader no longer resolves their
    # symbols at every start (chiso -c help: 28 ms → 18 ms, perf stat over 20 runs).
    swift build -c release --static-swift-stdlib --product chiso 2>&1 | grep -E "error|warning: unre" >&2 || true
    echo "chiso: built in $(( $(date +%s) - started )) s" >&2
  fi
}

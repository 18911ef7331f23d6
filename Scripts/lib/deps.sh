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

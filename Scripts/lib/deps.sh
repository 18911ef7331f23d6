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
}

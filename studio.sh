#!/usr/bin/env bash
# Set-up, tests and start of Xen Guest Studio on a Debian 12 machine (see README.md).
#   ./studio.sh test    install what is missing, build everything, run every test under Xvfb
#   ./studio.sh start [ECLIPSE-ARGS]   install what is missing, build the Studio if needed, start it
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Debian packages the build and tests use: Xvfb and GTK for the workbench; gcc, clang, make and
# Xen's public headers for the ABI check and the generated C; QEMU and gdb for the debug core's
# tests against real gdbstubs and for booting Xen; spin to model-check the event protocol;
# valgrind for the callgrind benchmark of the generated demux; python3 drives the generated
# guest's GDB stub on Xen.
packages=(xvfb xauth libgtk-3-0 gcc clang make libxen-dev openjdk-17-jdk-headless qemu-system-x86 gdb spin valgrind python3)

install_missing_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "studio.sh: installing ${missing[*]}"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
  fi
}

# Tycho 4 and the Eclipse 4.32 target need Java 17; the build must not pick up a newer default.
use_java_17() {
  local jdk=/usr/lib/jvm/java-17-openjdk-amd64
  if [[ -x $jdk/bin/java ]]; then export JAVA_HOME=$jdk; fi
}

xvfb() { xvfb-run -a -s "-screen 0 1600x1000x24" "$@"; }

studio_dir=releng/org.xenguest.studio.product/target/products/org.xenguest.studio.product/linux/gtk/x86_64/xenguest-studio

case "${1:-}" in
  test)
    install_missing_packages
    use_java_17
    shift
    xvfb ./mvnw -B verify "$@"
    ;;
  start)
    install_missing_packages
    use_java_17
    if [[ ! -d $studio_dir/plugins || ! -f releng/org.xenguest.cli.app/target/xenguest/xenguest.jar ]]; then
      ./mvnw -B -DskipTests -pl releng/org.xenguest.studio.product,releng/org.xenguest.cli.app -am verify
    fi
    # The live launch's "Start the reference guest demo" runs `xenguest`: this checkout's.
    export PATH="$PWD:$PATH"
    if [[ -z ${DISPLAY:-} ]]; then
      echo "studio.sh: no DISPLAY to show the Studio on. Run it from a desktop session, or over ssh -X." >&2
      exit 2
    fi
    shift
    cd "$studio_dir"
    launcher=$(ls "$PWD"/plugins/org.eclipse.equinox.launcher_*.jar)
    # Further arguments go to Eclipse (e.g. -consoleLog).
    exec "${JAVA_HOME:-/usr}/bin/java" -Xmx1g -jar "$launcher" -data "${XENGUEST_WORKSPACE:-$HOME/xenguest-workspace}" "$@"
    ;;
  *)
    echo "usage: ./studio.sh test|start   (test: build and run every test; start: start the Studio)" >&2
    exit 2
    ;;
esac

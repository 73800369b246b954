#!/usr/bin/env bash
# Runs the benchmarks on demand (they are not tests): builds what they need, then
#   1. JMH: the guest language on a 5,000-line model (parse + validate, content assist);
#   2. the live snapshot harness: snapshots/s from QEMU's gdbstub, beside gdb reading the same page;
#   3. the language server: a keystroke in the 5,000-line model to its diagnostics, incremental and
#      Xtext's own analysis (each in its own JVM);
#   4. the Xen host in QEMU: start to ready, xl create, the reference guest as a domU, a core of it
#      (host; -Dxl-dump-core=true in JAVA_TOOL_OPTIONS also times xl dump-core, minutes);
#   5. snapshots/s through the dom0 probe, beside the guest's own COM2 stub in the same run (probe);
#   6. several domUs watched at once through the probe, each one's rate (probe-domains; DOMAINS=8,
#      VARIANT=lost-wakeup: idle guests blocked in their set-up, or generated: working ones);
#   7. snapshots/s through the guest's COM2 stub with qXenguest.Read and with plain m/x reads (stub);
#   8. a one-hour recording at 20 Hz synthesised from a real one of the reference guest: size, open,
#      zoom, statistics, in a 256 MB heap (recording; -Dseed=FILE skips recording one on the host).
#   9. the Event List's rows on a million-row session: append, filter, find, seek, export (events).
# Usage: releng/benchmarks.sh [language|snapshots|lsp|host|probe|probe-domains|stub|recording|events]   (all by default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
./mvnw -B -q -o -DskipTests -pl releng/org.xenguest.benchmarks -am package 2>/dev/null \
  || ./mvnw -B -q -DskipTests -pl releng/org.xenguest.benchmarks -am package
cp="releng/org.xenguest.benchmarks/target/classes:releng/org.xenguest.benchmarks/target/lib/*"
what=${1:-all}
if [[ $what == all || $what == language ]]; then
  "$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main 'org.xenguest.benchmarks.LanguageBenchmark' -rf json -rff releng/org.xenguest.benchmarks/target/language-benchmark.json
fi
if [[ $what == all || $what == snapshots ]]; then
  "$JAVA_HOME/bin/java" -cp "$cp" org.xenguest.debug.core.tests.bench.SnapshotBenchmark
fi
if [[ $what == all || $what == lsp ]]; then
  for mode in incremental xtext; do
    "$JAVA_HOME/bin/java" -cp "$cp" org.xenguest.benchmarks.LspBenchmark "$mode"
  done
fi
if [[ $what == all || $what == host ]]; then
  "$JAVA_HOME/bin/java" -cp "$cp" org.xenguest.benchmarks.HostBenchmark
fi
if [[ $what == all || $what == probe ]]; then
  "$JAVA_HOME/bin/java" -cp "$cp" org.xenguest.benchmarks.ProbeBenchmark
fi
if [[ $what == all || $what == probe-domains ]]; then
  "$JAVA_HOME/bin/java" -cp "$cp" org.xenguest.benchmarks.ProbeBenchmark domains "${DOMAINS:-8}" "${VARIANT:-lost-wakeup}"
fi
if [[ $what == all || $what == stub ]]; then
  "$JAVA_HOME/bin/java" -cp "$cp" org.xenguest.benchmarks.StubBenchmark
fi
if [[ $what == all || $what == recording ]]; then
  "$JAVA_HOME/bin/java" -Xmx256m ${RECORDING_SEED:+-Dseed=$RECORDING_SEED} -cp "$cp" org.xenguest.benchmarks.RecordingBenchmark
fi
if [[ $what == all || $what == events ]]; then
  "$JAVA_HOME/bin/java" -Xmx256m -cp "$cp" org.xenguest.benchmarks.EventListBenchmark
fi

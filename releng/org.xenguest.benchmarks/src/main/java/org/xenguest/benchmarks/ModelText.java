package org.xenguest.benchmarks;

/** A valid model of about the requested number of lines: many realistic guests, one after another. */
public final class ModelText {

    /** Content assist is measured right after this text (a port kind follows). */
    public static final String ASSIST_MARKER = "port assist_here : ";

    private ModelText() {}

    public static String guests(int lines) {
        StringBuilder text = new StringBuilder();
        int guest = 0;
        while (text.chars().filter(c -> c == '\n').count() < lines) {
            appendGuest(text, guest++);
        }
        int middle = text.length() / 2;
        int insertAt = text.indexOf("    port store", middle);
        text.insert(insertAt, "    " + ASSIST_MARKER + "ipi\n");
        return text.toString();
    }

    private static void appendGuest(StringBuilder text, int n) {
        text.append("// guest ").append(n).append(": a unikernel with one network interface\n")
            .append("guest web").append(n).append(" {\n")
            .append("    type pvh\n")
            .append("    vcpus 2\n")
            .append("    memory 256M\n")
            .append("    event-channels 1023\n")
            .append("    grant-table version 1 frames 4\n")
            .append("\n")
            .append("    port store   : xenstore\n")
            .append("    port console : console\n")
            .append("    port timer   : virq timer handler on_timer\n")
            .append("    port net0    : unbound remote 0 handler on_net0 vcpu 1\n")
            .append("    port ping    : interdomain remote 0 port 7 handler on_ping masked\n")
            .append("    port kick    : ipi handler on_kick vcpu 1\n")
            .append("\n")
            .append("    grant blk[8] to 0 readonly\n")
            .append("\n")
            .append("    xenstore {\n")
            .append("        \"data/ip\" = \"10.0.").append(n / 250).append('.').append(n % 250 + 2).append("\"\n")
            .append("        \"control/shutdown\" watch handler on_shutdown\n")
            .append("    }\n")
            .append("\n")
            .append("    netfront net0 {\n")
            .append("        backend 0\n")
            .append("        port net0\n")
            .append("        rx-ring 256\n")
            .append("        tx-ring 256\n")
            .append("        features sg gso-tcpv4 rx-notify\n")
            .append("        mac \"00:16:3e:30:").append(String.format("%02x:%02x", (n >> 8) & 0xff, n & 0xff)).append("\"\n")
            .append("    }\n")
            .append("\n")
            .append("    debug stub serial com2\n")
            .append("}\n\n");
    }
}

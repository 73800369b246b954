package org.xenguest.testbed.host;

import java.util.ArrayList;
import java.util.List;

/** {@code xl list}'s table as records (for {@code xenguest host status --json} and the tests). */
public final class XlList {
    /** One row: name, domid, memory in MiB, vCPUs, xl's state letters (r b p s c d) and CPU seconds. */
    public record Row(String name, int id, int memory, int vcpus, String state, double time) {
    }

    private XlList() {
    }

    /** The rows of {@code xl list}'s output; lines that are not rows (the header) are passed over. */
    public static List<Row> parse(String output) {
        List<Row> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6) {
                continue;
            }
            int n = f.length;   // a name may hold spaces: the last five columns are fixed
            try {
                String name = String.join(" ", java.util.Arrays.copyOfRange(f, 0, n - 5));
                rows.add(new Row(name, Integer.parseInt(f[n - 5]), Integer.parseInt(f[n - 4]), Integer.parseInt(f[n - 3]),
                        f[n - 2].replace("-", ""), Double.parseDouble(f[n - 1])));
            } catch (NumberFormatException e) {
                // the header line
            }
        }
        return rows;
    }
}

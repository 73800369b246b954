package org.xenguest.debug.core.tests.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.xenguest.tests.support.ExternalTools;

/**
 * The probe's own checks, run by the build: {@code make -C probe check-one} with gcc and with
 * clang builds the real probe against Xen's libraries (libxen-dev) and runs the C unit tests and
 * the fuzz harness under ASan + UBSan + LSan against the probe's FAKE Xen host. A missing tool
 * or header fails the test with the package to install; nothing is skipped.
 */
class ProbeCheckTest {

    static final int MINIMUM_FUZZ_INPUTS = 10_000;
    private static final Pattern UNIT = Pattern.compile("unit: (\\d+) passed, (\\d+) failed");
    private static final Pattern FUZZ = Pattern.compile("fuzz: (\\d+) inputs");

    @Test
    void checkPassesWithGcc() throws Exception {
        check("gcc");
    }

    @Test
    void checkPassesWithClang() throws Exception {
        check("clang");
    }

    private static void check(String compiler) throws Exception {
        ExternalTools.require(compiler, compiler);
        assertTrue(Files.isRegularFile(Path.of("/usr/include/xenctrl.h"))
                && Files.isRegularFile(Path.of("/usr/include/xenforeignmemory.h")),
                "Xen's tool headers are missing: the probe builds against them. Install them: apt-get install libxen-dev");
        String output = ProbeBuild.make(600, "CC=" + compiler, "check-one");
        assertTrue(output.contains("== " + compiler + ": check passed"), () -> "no pass line:\n" + ProbeBuild.tail(output));

        Matcher unit = UNIT.matcher(output);
        assertTrue(unit.find(), () -> "no unit test summary:\n" + ProbeBuild.tail(output));
        assertEquals("0", unit.group(2), () -> "unit tests failed:\n" + ProbeBuild.tail(output));
        assertTrue(Integer.parseInt(unit.group(1)) >= 100, "fewer unit checks than expected: " + unit.group(1));

        Matcher fuzz = FUZZ.matcher(output);
        assertTrue(fuzz.find(), () -> "no fuzz summary:\n" + ProbeBuild.tail(output));
        long inputs = Long.parseLong(fuzz.group(1));
        assertTrue(inputs >= MINIMUM_FUZZ_INPUTS,
                "the fuzz harness ran " + inputs + " inputs, fewer than " + MINIMUM_FUZZ_INPUTS);
        assertTrue(output.contains("unit: sanitizers: address,undefined (AddressSanitizer on)")
                && output.contains("fuzz: sanitizers: address,undefined (AddressSanitizer on)"),
                () -> "the checks were not built with ASan and UBSan:\n" + ProbeBuild.tail(output));
        assertTrue(!output.contains("ERROR: AddressSanitizer") && !output.contains("ERROR: LeakSanitizer")
                && !output.contains("runtime error:"), () -> "a sanitizer reported:\n" + ProbeBuild.tail(output));
    }
}

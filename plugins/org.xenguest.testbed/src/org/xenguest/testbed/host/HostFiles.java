package org.xenguest.testbed.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where a Xen host keeps what it fetched (the cache, shared by every start) and what belongs to
 * one running host (the state folder, 0700: its secret, ports, logs and QEMU's console socket).
 *
 * <p>The cache is {@code $XENGUEST_CACHE/host} ({@code ~/.cache/xenguest/host} by default); the
 * state folder is {@code <cache>/run} unless {@code XENGUEST_HOST_STATE} names another (tests
 * use their own, so a user's host and the build's never meet). The system properties
 * {@code xenguest.cache} and {@code xenguest.host.state} stand for the two variables where a
 * program cannot set its own environment (the in-process CLI tests).
 */
public record HostFiles(Path cache, Path state) {

    public static HostFiles fromEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        putProperty(env, "XENGUEST_CACHE", "xenguest.cache");
        putProperty(env, "XENGUEST_HOST_STATE", "xenguest.host.state");
        return fromEnvironment(env);
    }

    private static void putProperty(Map<String, String> env, String variable, String property) {
        String value = System.getProperty(property);
        if (value != null && !value.isBlank()) {
            env.put(variable, value);
        }
    }

    public static HostFiles fromEnvironment(Map<String, String> env) {
        String root = env.get("XENGUEST_CACHE");
        Path cacheRoot = root != null && !root.isBlank() ? Path.of(root)
                : Path.of(System.getProperty("user.home"), ".cache", "xenguest");
        Path cache = cacheRoot.resolve("host");
        String state = env.get("XENGUEST_HOST_STATE");
        return new HostFiles(cache, state != null && !state.isBlank() ? Path.of(state) : cache.resolve("run"));
    }

    /** The state folder, created readable by its owner alone. */
    public Path createState() throws IOException {
        Files.createDirectories(state.getParent() == null ? state : state.getParent());
        if (!Files.isDirectory(state)) {
            Files.createDirectory(state, OwnerOnly.FOLDER);
        }
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));   // also when it existed
        return state;
    }

    /** The running host's ports, QEMU's pid and when it started (see {@link HostState}). */
    public Path stateFile() {
        return state.resolve("host.properties");
    }

    public Path secretFile() {
        return state.resolve("secret");
    }

    /** Xen's and dom0's serial console, as QEMU logs it. */
    public Path consoleLog() {
        return state.resolve("xen.log");
    }

    /** QEMU's serial console as a unix socket (a shell in dom0 for whoever connects). */
    public Path consoleSocket() {
        return state.resolve("console.sock");
    }

    public Path qemuLog() {
        return state.resolve("qemu.log");
    }

    public Path qemuPidFile() {
        return state.resolve("qemu.pid");
    }

    /** dom0's initramfs for this start: the cached one plus this host's secret. */
    public Path initramfs() {
        return state.resolve("dom0.cpio");
    }
}

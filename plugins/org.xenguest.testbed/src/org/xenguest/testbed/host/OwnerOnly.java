package org.xenguest.testbed.host;

import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** File modes for what only the host's user may read: its secret, its folders. */
final class OwnerOnly {
    static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));
    static final FileAttribute<Set<PosixFilePermission>> FOLDER = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));

    private OwnerOnly() {
    }
}

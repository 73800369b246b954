package org.xenguest.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import picocli.CommandLine.IVersionProvider;

/** The version of this build: the {@code Bundle-Version} of the bundle {@link Main} comes from. */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "xenguest " + bundleVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    /** Reads the manifest of our own jar (or class folder): works from java -jar and from OSGi. */
    public static String bundleVersion() {
        try {
            CodeSource source = Main.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return "unknown";
            }
            Path location = Path.of(source.getLocation().toURI());
            Manifest manifest;
            if (Files.isDirectory(location)) {
                Path file = location.resolve("META-INF/MANIFEST.MF");
                if (!Files.isRegularFile(file)) {
                    file = location.getParent().getParent().resolve("META-INF/MANIFEST.MF"); // target/classes in a build
                }
                try (InputStream in = Files.newInputStream(file)) {
                    manifest = new Manifest(in);
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    manifest = jar.getManifest();
                }
            }
            String version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
            return version == null ? "unknown" : version;
        } catch (IOException | URISyntaxException | IllegalArgumentException | SecurityException e) {
            return "unknown";
        }
    }
}

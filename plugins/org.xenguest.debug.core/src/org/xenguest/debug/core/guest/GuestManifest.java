package org.xenguest.debug.core.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.xenguest.abi.DebugInfoContract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * What a guest's generated manifest ({@code manifest/NAME.json}, written by {@code xenguest
 * generate} and the editor's builder) tells the debugger: the guest's name, vCPUs, its ports and
 * netfronts in the model's order, which is the order of the debug info block's arrays
 * ({@link DebugInfoBlock}). Read from JSON so that this bundle needs nothing of the language.
 *
 * @param name      the guest's name (the C prefix)
 * @param vcpus     vCPUs of the model
 * @param ports     the model's ports, in order
 * @param netfronts the model's netfront names, in order
 */
public record GuestManifest(String name, int vcpus, List<Port> ports, List<String> netfronts) {

    /** A port of the model: its name, kind (e.g. {@code virq}), handler (or null) and notify vCPU. */
    public record Port(String name, String kind, String handler, int vcpu) {
    }

    public GuestManifest {
        ports = List.copyOf(ports);
        netfronts = List.copyOf(netfronts);
    }

    /** Reads a generated manifest file; errors name the file. */
    public static GuestManifest read(Path file) throws IOException {
        try {
            return parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code root} is a manifest Xen Guest Studio generated (it has the
     * {@value DebugInfoContract#MANIFEST_XENGUEST} object): the one answer to "is this a manifest".
     */
    public static boolean isManifest(JsonElement root) {
        return root != null && root.isJsonObject() && root.getAsJsonObject().has(DebugInfoContract.MANIFEST_XENGUEST)
                && root.getAsJsonObject().get(DebugInfoContract.MANIFEST_XENGUEST).isJsonObject();
    }

    /** The same for a JSON text; false for text that is not JSON. */
    public static boolean isManifest(String json) {
        try {
            return isManifest(JsonParser.parseString(json));
        } catch (JsonParseException e) {
            return false;
        }
    }

    /**
     * The model file a manifest was generated from ({@value DebugInfoContract#MANIFEST_MODEL_FILE}, the
     * bare file name), or null when the manifest does not say (one from before the member).
     */
    public static String modelFile(JsonElement root) {
        if (!isManifest(root)) {
            return null;
        }
        JsonElement file = root.getAsJsonObject().get(DebugInfoContract.MANIFEST_MODEL_FILE);
        return file != null && file.isJsonPrimitive() ? file.getAsString() : null;
    }

    /** @throws IllegalArgumentException when the text is not a manifest Xen Guest Studio generated */
    public static GuestManifest parse(String json) {
        JsonObject xen;
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!isManifest(root)) {
                throw new IllegalArgumentException("not a generated guest manifest (no \"" + DebugInfoContract.MANIFEST_XENGUEST
                        + "\" object): use manifest/NAME.json from `xenguest generate`");
            }
            xen = root.getAsJsonObject().getAsJsonObject(DebugInfoContract.MANIFEST_XENGUEST);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        try {
            List<Port> ports = new ArrayList<>();
            for (JsonElement p : xen.getAsJsonArray(DebugInfoContract.MANIFEST_PORTS)) {
                JsonObject port = p.getAsJsonObject();
                JsonElement handler = port.get(DebugInfoContract.MANIFEST_HANDLER);
                ports.add(new Port(port.get(DebugInfoContract.MANIFEST_NAME).getAsString(),
                        port.get(DebugInfoContract.MANIFEST_KIND).getAsString(),
                        handler == null || handler.isJsonNull() ? null : handler.getAsString(),
                        port.get(DebugInfoContract.MANIFEST_VCPU).getAsInt()));
            }
            List<String> netfronts = new ArrayList<>();
            for (JsonElement n : xen.getAsJsonArray(DebugInfoContract.MANIFEST_NETFRONTS)) {
                netfronts.add(n.getAsJsonObject().get(DebugInfoContract.MANIFEST_NAME).getAsString());
            }
            return new GuestManifest(xen.get(DebugInfoContract.MANIFEST_GUEST).getAsString(),
                    xen.get(DebugInfoContract.MANIFEST_VCPUS).getAsInt(), ports, netfronts);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a generated guest manifest needs xenguest.guest, .vcpus, .ports[]"
                    + " (name, kind, handler, vcpu) and .netfronts[] (name): " + e.getMessage(), e);
        }
    }
}

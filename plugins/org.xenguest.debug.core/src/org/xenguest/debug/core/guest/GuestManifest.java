package org.xenguest.debug.core.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** @throws IllegalArgumentException when the text is not a manifest Xen Guest Studio generated */
    public static GuestManifest parse(String json) {
        JsonObject xen;
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject() || !root.getAsJsonObject().has("xenguest")
                    || !root.getAsJsonObject().get("xenguest").isJsonObject()) {
                throw new IllegalArgumentException("not a generated guest manifest (no \"xenguest\" object):"
                        + " use manifest/NAME.json from `xenguest generate`");
            }
            xen = root.getAsJsonObject().getAsJsonObject("xenguest");
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        try {
            List<Port> ports = new ArrayList<>();
            for (JsonElement p : xen.getAsJsonArray("ports")) {
                JsonObject port = p.getAsJsonObject();
                ports.add(new Port(port.get("name").getAsString(), port.get("kind").getAsString(),
                        port.get("handler").isJsonNull() ? null : port.get("handler").getAsString(),
                        port.get("vcpu").getAsInt()));
            }
            List<String> netfronts = new ArrayList<>();
            for (JsonElement n : xen.getAsJsonArray("netfronts")) {
                netfronts.add(n.getAsJsonObject().get("name").getAsString());
            }
            return new GuestManifest(xen.get("guest").getAsString(), xen.get("vcpus").getAsInt(), ports, netfronts);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a generated guest manifest needs xenguest.guest, .vcpus, .ports[]"
                    + " (name, kind, handler, vcpu) and .netfronts[] (name): " + e.getMessage(), e);
        }
    }
}

package org.xenguest.debug.core.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.xenguest.debug.core.memory.Addresses;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Reads and writes a {@link GuestDescriptor} as JSON (the format is in docs/snapshot-json.md):
 * <pre>
 * {"name": "mini", "shared_info": "0x100000", "vcpus": 1,
 *  "ports": [{"port": 3, "name": "netfront", "kind": "interdomain", "handler": "netfront_handler", "vcpu": 0}],
 *  "grant_table": {"address": "0x200000", "frames": 1, "version": 1},
 *  "rings": [{"name": "vif0-tx", "address": "0x300000", "front_ring": "0x104000", "size": 256,
 *             "kind": "request-response", "port": 3}],
 *  "xenstore": {"address": "0x400000", "port": 1},
 *  "devices": [{"name": "vif0", "frontend_state": "0x104100", "backend_state": "0x104104"}]}
 * </pre>
 * Addresses are strings ({@code "0x..."} or decimal) or numbers. Every key but the ones a part
 * cannot do without is optional.
 */
public final class GuestDescriptorJson {

    private GuestDescriptorJson() {
    }

    /** Reads a descriptor file; errors name the file and the offending key. */
    public static GuestDescriptor read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IOException("cannot read guest descriptor " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the key and what was expected */
    public static GuestDescriptor parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("a guest descriptor is a JSON object");
        }
        JsonObject object = root.getAsJsonObject();
        String name = text(object, "name", "guest");
        Long sharedInfo = optionalAddress(object, "shared_info");
        int vcpus = (int) number(object, "vcpus", 1);
        List<GuestDescriptor.Port> ports = new ArrayList<>();
        for (JsonObject port : objects(object, "ports")) {
            ports.add(new GuestDescriptor.Port((int) requiredNumber(port, "port", "ports[]"),
                    text(port, "name", "port " + number(port, "port", 0)), text(port, "kind", null),
                    text(port, "handler", null), (int) number(port, "vcpu", 0)));
        }
        GuestDescriptor.GrantTable grantTable = null;
        if (object.has("grant_table") && !object.get("grant_table").isJsonNull()) {
            JsonObject grants = objectAt(object, "grant_table");
            grantTable = new GuestDescriptor.GrantTable(requiredAddress(grants, "address", "grant_table"),
                    (int) number(grants, "frames", 1), (int) number(grants, "version", 1));
        }
        List<GuestDescriptor.Ring> rings = new ArrayList<>();
        for (JsonObject ring : objects(object, "rings")) {
            String ringName = requiredText(ring, "name", "rings[]");
            rings.add(new GuestDescriptor.Ring(ringName, requiredAddress(ring, "address", "ring " + ringName),
                    optionalAddress(ring, "front_ring"), (int) number(ring, "size", 256),
                    ringKind(text(ring, "kind", "request-response"), ringName),
                    ring.has("port") && !ring.get("port").isJsonNull() ? (int) number(ring, "port", 0) : null));
        }
        GuestDescriptor.Xenstore xenstore = null;
        if (object.has("xenstore") && !object.get("xenstore").isJsonNull()) {
            JsonObject store = objectAt(object, "xenstore");
            xenstore = new GuestDescriptor.Xenstore(requiredAddress(store, "address", "xenstore"),
                    store.has("port") && !store.get("port").isJsonNull() ? (int) number(store, "port", 0) : null);
        }
        List<GuestDescriptor.Device> devices = new ArrayList<>();
        for (JsonObject device : objects(object, "devices")) {
            devices.add(new GuestDescriptor.Device(requiredText(device, "name", "devices[]"),
                    optionalAddress(device, "frontend_state"), optionalAddress(device, "backend_state")));
        }
        return new GuestDescriptor(name, sharedInfo, vcpus, ports, grantTable, rings, xenstore, devices);
    }

    /** The descriptor as JSON, in the form {@link #parse} reads. */
    public static JsonObject toJson(GuestDescriptor descriptor) {
        JsonObject object = new JsonObject();
        object.addProperty("name", descriptor.name());
        if (descriptor.sharedInfoAddress() != null) {
            object.addProperty("shared_info", Addresses.format(descriptor.sharedInfoAddress()));
        }
        object.addProperty("vcpus", descriptor.vcpus());
        JsonArray ports = new JsonArray();
        for (GuestDescriptor.Port port : descriptor.ports()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("port", port.port());
            entry.addProperty("name", port.name());
            entry.addProperty("kind", port.kind());
            entry.addProperty("handler", port.handler());
            entry.addProperty("vcpu", port.vcpu());
            ports.add(entry);
        }
        object.add("ports", ports);
        if (descriptor.grantTable() != null) {
            JsonObject grants = new JsonObject();
            grants.addProperty("address", Addresses.format(descriptor.grantTable().address()));
            grants.addProperty("frames", descriptor.grantTable().frames());
            grants.addProperty("version", descriptor.grantTable().version());
            object.add("grant_table", grants);
        }
        JsonArray rings = new JsonArray();
        for (GuestDescriptor.Ring ring : descriptor.rings()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("name", ring.name());
            entry.addProperty("address", Addresses.format(ring.address()));
            if (ring.frontRingAddress() != null) {
                entry.addProperty("front_ring", Addresses.format(ring.frontRingAddress()));
            }
            entry.addProperty("size", ring.size());
            entry.addProperty("kind", ring.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (ring.port() != null) {
                entry.addProperty("port", ring.port());
            }
            rings.add(entry);
        }
        object.add("rings", rings);
        if (descriptor.xenstore() != null) {
            JsonObject store = new JsonObject();
            store.addProperty("address", Addresses.format(descriptor.xenstore().address()));
            if (descriptor.xenstore().port() != null) {
                store.addProperty("port", descriptor.xenstore().port());
            }
            object.add("xenstore", store);
        }
        JsonArray devices = new JsonArray();
        for (GuestDescriptor.Device device : descriptor.devices()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("name", device.name());
            if (device.frontendStateAddress() != null) {
                entry.addProperty("frontend_state", Addresses.format(device.frontendStateAddress()));
            }
            if (device.backendStateAddress() != null) {
                entry.addProperty("backend_state", Addresses.format(device.backendStateAddress()));
            }
            devices.add(entry);
        }
        object.add("devices", devices);
        return object;
    }

    private static GuestDescriptor.RingKind ringKind(String text, String ring) {
        switch (text) {
            case "request-response":
                return GuestDescriptor.RingKind.REQUEST_RESPONSE;
            case "buffer-posting":
                return GuestDescriptor.RingKind.BUFFER_POSTING;
            default:
                throw new IllegalArgumentException("ring " + ring + ": kind '" + text
                        + "' is not request-response or buffer-posting");
        }
    }

    private static List<JsonObject> objects(JsonObject object, String key) {
        List<JsonObject> list = new ArrayList<>();
        if (!object.has(key) || object.get(key).isJsonNull()) {
            return list;
        }
        if (!object.get(key).isJsonArray()) {
            throw new IllegalArgumentException("'" + key + "' must be an array");
        }
        for (JsonElement element : object.getAsJsonArray(key)) {
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException("every entry of '" + key + "' must be an object");
            }
            list.add(element.getAsJsonObject());
        }
        return list;
    }

    private static JsonObject objectAt(JsonObject object, String key) {
        if (!object.get(key).isJsonObject()) {
            throw new IllegalArgumentException("'" + key + "' must be an object");
        }
        return object.getAsJsonObject(key);
    }

    private static String text(JsonObject object, String key, String fallback) {
        if (!object.has(key) || object.get(key).isJsonNull()) {
            return fallback;
        }
        JsonElement value = object.get(key);
        if (!value.isJsonPrimitive()) {
            throw new IllegalArgumentException("'" + key + "' must be a string");
        }
        return value.getAsString();
    }

    private static String requiredText(JsonObject object, String key, String where) {
        String value = text(object, key, null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + " needs '" + key + "'");
        }
        return value;
    }

    private static long number(JsonObject object, String key, long fallback) {
        if (!object.has(key) || object.get(key).isJsonNull()) {
            return fallback;
        }
        return parseNumber(object.get(key), key);
    }

    private static long requiredNumber(JsonObject object, String key, String where) {
        if (!object.has(key) || object.get(key).isJsonNull()) {
            throw new IllegalArgumentException(where + " needs '" + key + "'");
        }
        return parseNumber(object.get(key), key);
    }

    private static long parseNumber(JsonElement element, String key) {
        if (!element.isJsonPrimitive()) {
            throw new IllegalArgumentException("'" + key + "' must be a number");
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        try {
            return primitive.isNumber() ? primitive.getAsBigInteger().longValueExact()
                    : Addresses.parse(primitive.getAsString());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number, was " + primitive);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "': " + e.getMessage());
        }
    }

    private static Long optionalAddress(JsonObject object, String key) {
        if (!object.has(key) || object.get(key).isJsonNull()) {
            return null;
        }
        return parseNumber(object.get(key), key);
    }

    private static long requiredAddress(JsonObject object, String key, String where) {
        Long value = optionalAddress(object, key);
        if (value == null) {
            throw new IllegalArgumentException(where + " needs '" + key + "'");
        }
        return value;
    }
}

package org.xenguest.abi;

/**
 * The contract between a generated guest and the debugger, beside the block's layout
 * ({@link DebugInfoLayout}, decoded by {@link DebugInfo}): how the debugger finds the block, and
 * the keys of the manifest ({@code manifest/NAME.json}) that names what the block numbers.
 * Spelled here once: the C and Java generators, the manifest's writer and its readers use these.
 */
public final class DebugInfoContract {

    private DebugInfoContract() {
    }

    /** The RSP query a generated stub answers with the block's address in hex. */
    public static final String QUERY = "qXenguest.DebugInfo";
    /**
     * The RSP query of a generated stub that reads many ranges in one reply:
     * {@code qXenguest.Read:ADDR,LEN;ADDR,LEN;...} (hex), answered with {@code b} and the bytes of
     * every range in order (binary, escaped as for {@code x}), or an error for the whole request.
     * The stub offers it in its qSupported reply as {@code qXenguest.Read=BYTES} (hex): the most
     * bytes one request may ask for in all.
     */
    public static final String READ_QUERY = "qXenguest.Read";
    /** The most ranges one {@link #READ_QUERY} may list. */
    public static final int READ_MAX_RANGES = 64;
    /** The block's ELF symbol is the guest's C prefix followed by this. */
    public static final String SYMBOL_SUFFIX = "_debug_info";

    /** The manifest's member that holds the Xen specifics (its presence makes a JSON file a manifest). */
    public static final String MANIFEST_XENGUEST = "xenguest";
    /** The manifest's member naming the model file it was generated from (bare file name). */
    public static final String MANIFEST_MODEL_FILE = "model_file";
    /** The manifest's prose header (the generator and version; not for machines to match). */
    public static final String MANIFEST_GENERATED_BY = "generated_by";
    /** Under {@link #MANIFEST_XENGUEST}: the guest's name (its C prefix). */
    public static final String MANIFEST_GUEST = "guest";
    /** Under {@link #MANIFEST_XENGUEST}: vCPUs. */
    public static final String MANIFEST_VCPUS = "vcpus";
    /** Under {@link #MANIFEST_XENGUEST}: the ports in the block's order, each with the keys below. */
    public static final String MANIFEST_PORTS = "ports";
    /** Under {@link #MANIFEST_XENGUEST}: the netfronts in the block's order, each with a name. */
    public static final String MANIFEST_NETFRONTS = "netfronts";
    public static final String MANIFEST_NAME = "name";
    public static final String MANIFEST_KIND = "kind";
    public static final String MANIFEST_HANDLER = "handler";
    public static final String MANIFEST_VCPU = "vcpu";

    /** The block's ELF symbol for a guest whose C prefix is {@code guest}. */
    public static String symbol(String guest) {
        return guest + SYMBOL_SUFFIX;
    }
}

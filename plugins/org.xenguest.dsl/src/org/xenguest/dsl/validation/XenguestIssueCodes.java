package org.xenguest.dsl.validation;

import java.util.Arrays;
import java.util.Optional;

import org.eclipse.xtext.diagnostics.Severity;

/**
 * The stable diagnostic codes of the Xenguest language. A code never changes meaning once
 * released: tools (the CLI's {@code [XG101]}, quick fixes, suppressions) key on it. Each constant
 * carries a short name, its severity and the rule it enforces (the README's table is built from
 * these).
 * <p>
 * Families: XG0xx guest settings, XG1xx grant table, XG2xx event-channel ports, XG3xx xenstore,
 * XG4xx devices (netfront), XG5xx debug stub, XG9xx syntax and references.
 */
public enum XenguestIssueCodes {
	XG001("duplicate-setting", Severity.ERROR, "A single-valued setting (type, role, vcpus, memory, event-channels, grant-table, debug stub, a netfront's backend/port/index/rx-ring/tx-ring/mac) is given once."),
	XG002("duplicate-guest", Severity.ERROR, "Guest names are unique within a file, and across the models of an Eclipse project (the builder refuses both declarations: generated files are named after the guest, as `xenguest generate` refuses two files that declare one guest)."),
	XG003("invalid-identifier", Severity.ERROR, "Guest, port, grant and netfront names become C identifiers: no C keyword, no reserved identifier (__x, _X)."),
	XG010("vcpus-range", Severity.ERROR, "vcpus is between 1 and 128 (HVM_MAX_VCPUS)."),
	XG011("vcpus-shared-info", Severity.WARNING, "More than 32 vCPUs (XEN_LEGACY_MAX_VCPUS): vcpu_info of vCPUs 32+ is not in shared_info; the guest must call VCPUOP_register_vcpu_info."),
	XG012("memory-size", Severity.ERROR, "memory is not zero and a whole number of 4 KiB pages."),
	XG013("domid-range", Severity.ERROR, "A domain id (remote, grant target, backend) is below DOMID_FIRST_RESERVED (0x7FF0)."),
	XG101("grant-budget", Severity.ERROR, "Grant entries needed (explicit grants + each netfront's 2 ring pages + rx-ring + tx-ring) fit in frames x entries-per-frame (512 v1, 256 v2) minus 8 reserved."),
	XG102("grant-frames-default-max", Severity.WARNING, "frames above Xen's default gnttab_max_frames (64) need max_grant_frames raised in xl.cfg."),
	XG103("grant-table-version", Severity.ERROR, "The grant table version is 1 or 2."),
	XG104("grant-frames-zero", Severity.ERROR, "A grant table has at least one frame."),
	XG105("duplicate-grant", Severity.ERROR, "Grant names are unique within a guest."),
	XG106("grant-count-zero", Severity.ERROR, "A grant declares at least one entry."),
	XG201("duplicate-port", Severity.ERROR, "Port names are unique within a guest."),
	XG202("event-channels-range", Severity.ERROR, "event-channels is between 1 and 4095 (the 2-level ABI's usable ports on 64-bit)."),
	XG203("port-count", Severity.ERROR, "The guest declares no more ports than event-channels (and than 4095) allows."),
	XG204("vcpu-range", Severity.ERROR, "A port's vcpu is below the guest's vcpus."),
	XG205("handler-identifier", Severity.ERROR, "Handler names (ports, watches) are valid C identifiers, not C keywords or reserved identifiers."),
	XG206("handler-shared", Severity.WARNING, "A port handler is used by one port only, unless later uses say 'shared'."),
	XG207("handler-signature-clash", Severity.ERROR, "A name is not both an event-channel handler and a xenstore watch handler (their C signatures differ)."),
	XG208("virq-unknown", Severity.ERROR, "A VIRQ name is one of Xen's (xen.h VIRQ_*, lower case); the data carries the nearest names."),
	XG209("virq-global", Severity.WARNING, "A global VIRQ reaches only the domain that is its handler (dom0 unless XEN_DOMCTL_set_virq_handler)."),
	XG210("virq-global-vcpu", Severity.ERROR, "A global VIRQ is bound on vCPU 0 (EVTCHNOP_bind_virq fails with EINVAL otherwise)."),
	XG211("virq-duplicate", Severity.ERROR, "A VIRQ is bound once per vCPU (EEXIST otherwise)."),
	XG212("well-known-port-duplicate", Severity.ERROR, "At most one xenstore port and one console port (each is a single port from HVM params)."),
	XG214("remote-port-range", Severity.ERROR, "An interdomain remote port is between 1 and 4095."),
	XG215("self-pair-partner", Severity.ERROR, "The port an interdomain port names ('remote self port NAME') is an 'unbound remote self' port of the same guest."),
	XG216("self-pair-self-reference", Severity.ERROR, "An interdomain port does not name itself as its partner."),
	XG217("self-pair-shared", Severity.ERROR, "An 'unbound remote self' port is the partner of at most one interdomain port (EVTCHNOP_bind_interdomain closes the unbound state)."),
	XG218("self-pair-remote", Severity.ERROR, "An interdomain port that names a port of this guest says 'remote self' (DOMID_SELF), not a domain id."),
	XG219("self-port-number", Severity.WARNING, "'interdomain remote self port N' with a number: the guest's own port numbers exist only at run time; name the unbound port instead."),
	XG301("xenstore-path-chars", Severity.ERROR, "Xenstore paths use only A-Z a-z 0-9 - / _ @ ('@' only to start a special watch path such as @releaseDomain)."),
	XG302("xenstore-path-length", Severity.ERROR, "Absolute paths are at most 3072 bytes (XENSTORE_ABS_PATH_MAX), relative paths at most 2048 (XENSTORE_REL_PATH_MAX)."),
	XG303("xenstore-payload", Severity.ERROR, "A write's payload (path, NUL, value) is at most 4096 bytes (XENSTORE_PAYLOAD_MAX)."),
	XG304("xenstore-duplicate-path", Severity.ERROR, "A xenstore path appears once per guest."),
	XG305("xenstore-watch-handler", Severity.WARNING, "A watch names the handler that its events go to."),
	XG306("xenstore-path-malformed", Severity.ERROR, "A path is not empty, has no empty component (//) and no trailing '/'."),
	XG401("ring-size", Severity.ERROR, "rx-ring and tx-ring are powers of two of at most 256 (__CONST_RING_SIZE for netif on one 4 KiB page)."),
	XG402("mac-invalid", Severity.ERROR, "A MAC is six hex octets separated by ':', unicast, not all zero."),
	XG403("feature-unknown", Severity.ERROR, "A netfront feature is one netif.h knows (feature-*); the data carries the nearest names."),
	XG404("duplicate-netfront", Severity.ERROR, "One netfront per name and per index (device/vif/N)."),
	XG405("device-port-kind", Severity.ERROR, "A netfront's port is an 'unbound' (or 'interdomain') port."),
	XG406("device-port-missing", Severity.ERROR, "A netfront names its event-channel port."),
	XG407("device-port-shared", Severity.ERROR, "Two devices do not share one event-channel port."),
	XG408("feature-duplicate", Severity.WARNING, "A feature is listed once per netfront."),
	XG501("debug-console-port", Severity.ERROR, "'debug stub console' needs a port of kind console."),
	XG502("debug-stub-no-uart", Severity.WARNING, "A PVH domU ('type pvh', 'role domU') has no UART for 'debug stub serial': the dom0 probe reads it instead (`xenguest watch --probe/--host`, the Studio's \"Xen Domain (dom0 probe)\" launch), or 'debug stub console' talks over the PV console."),
	XG900("syntax", Severity.ERROR, "The text follows the grammar."),
	XG901("unresolved-reference", Severity.ERROR, "A reference (a netfront's port, an interdomain port's partner) names a port declared in the same guest; the data carries the nearest names."),
	XG902("not-text", Severity.ERROR, "A model file is UTF-8 text without NUL bytes (binary data is refused before parsing)."),
	XG903("file-too-large", Severity.ERROR, "A model file is at most 8 MiB (a larger file is refused rather than parsed).");

	private final String shortName;
	private final Severity severity;
	private final String rule;

	XenguestIssueCodes(String shortName, Severity severity, String rule) {
		this.shortName = shortName;
		this.severity = severity;
		this.rule = rule;
	}

	/** The code as it appears on diagnostics, e.g. {@code XG101}. */
	public String code() {
		return name();
	}

	/** e.g. {@code grant-budget} */
	public String shortName() {
		return shortName;
	}

	public Severity severity() {
		return severity;
	}

	public String rule() {
		return rule;
	}

	public static Optional<XenguestIssueCodes> byCode(String code) {
		return Arrays.stream(values()).filter(c -> c.name().equals(code)).findFirst();
	}

	// String constants for switch statements and annotations (quick fixes key on these).
	public static final String NOT_TEXT = "XG902";
	public static final String FILE_TOO_LARGE = "XG903";
	public static final String DUPLICATE_SETTING = "XG001";
	public static final String DUPLICATE_GUEST = "XG002";
	public static final String INVALID_IDENTIFIER = "XG003";
	public static final String VCPUS_RANGE = "XG010";
	public static final String VCPUS_SHARED_INFO = "XG011";
	public static final String MEMORY_SIZE = "XG012";
	public static final String DOMID_RANGE = "XG013";
	public static final String GRANT_BUDGET = "XG101";
	public static final String GRANT_FRAMES_DEFAULT_MAX = "XG102";
	public static final String GRANT_TABLE_VERSION = "XG103";
	public static final String GRANT_FRAMES_ZERO = "XG104";
	public static final String DUPLICATE_GRANT = "XG105";
	public static final String GRANT_COUNT_ZERO = "XG106";
	public static final String DUPLICATE_PORT = "XG201";
	public static final String EVENT_CHANNELS_RANGE = "XG202";
	public static final String PORT_COUNT = "XG203";
	public static final String VCPU_RANGE = "XG204";
	public static final String HANDLER_IDENTIFIER = "XG205";
	public static final String HANDLER_SHARED = "XG206";
	public static final String HANDLER_SIGNATURE_CLASH = "XG207";
	public static final String VIRQ_UNKNOWN = "XG208";
	public static final String VIRQ_GLOBAL = "XG209";
	public static final String VIRQ_GLOBAL_VCPU = "XG210";
	public static final String VIRQ_DUPLICATE = "XG211";
	public static final String WELL_KNOWN_PORT_DUPLICATE = "XG212";
	public static final String REMOTE_PORT_RANGE = "XG214";
	public static final String SELF_PAIR_PARTNER = "XG215";
	public static final String SELF_PAIR_SELF_REFERENCE = "XG216";
	public static final String SELF_PAIR_SHARED = "XG217";
	public static final String SELF_PAIR_REMOTE = "XG218";
	public static final String SELF_PORT_NUMBER = "XG219";
	public static final String XENSTORE_PATH_CHARS = "XG301";
	public static final String XENSTORE_PATH_LENGTH = "XG302";
	public static final String XENSTORE_PAYLOAD = "XG303";
	public static final String XENSTORE_DUPLICATE_PATH = "XG304";
	public static final String XENSTORE_WATCH_HANDLER = "XG305";
	public static final String XENSTORE_PATH_MALFORMED = "XG306";
	public static final String RING_SIZE = "XG401";
	public static final String MAC_INVALID = "XG402";
	public static final String FEATURE_UNKNOWN = "XG403";
	public static final String DUPLICATE_NETFRONT = "XG404";
	public static final String DEVICE_PORT_KIND = "XG405";
	public static final String DEVICE_PORT_MISSING = "XG406";
	public static final String DEVICE_PORT_SHARED = "XG407";
	public static final String FEATURE_DUPLICATE = "XG408";
	public static final String DEBUG_CONSOLE_PORT = "XG501";
	public static final String DEBUG_STUB_NO_UART = "XG502";
	public static final String SYNTAX = "XG900";
	public static final String UNRESOLVED_REFERENCE = "XG901";
}

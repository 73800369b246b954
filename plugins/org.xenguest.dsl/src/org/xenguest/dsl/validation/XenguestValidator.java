package org.xenguest.dsl.validation;

import static org.xenguest.dsl.validation.XenguestIssueCodes.*;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;
import org.xenguest.abi.Hypercalls;
import org.xenguest.abi.Virq;
import org.xenguest.abi.XenstoreLayout;
import org.xenguest.dsl.analysis.CIdentifiers;
import org.xenguest.dsl.analysis.GrantBudget;
import org.xenguest.dsl.analysis.GuestFacts;
import org.xenguest.dsl.analysis.NearestNames;
import org.xenguest.dsl.analysis.NetifFeatures;
import org.xenguest.dsl.xenguest.ConsolePort;
import org.xenguest.dsl.xenguest.DebugStub;
import org.xenguest.dsl.xenguest.Grant;
import org.xenguest.dsl.xenguest.GrantTable;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.InterdomainPort;
import org.xenguest.dsl.xenguest.Model;
import org.xenguest.dsl.xenguest.Netfront;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.UnboundPort;
import org.xenguest.dsl.xenguest.VirqPort;
import org.xenguest.dsl.xenguest.XenguestPackage.Literals;
import org.xenguest.dsl.xenguest.XenstoreBlock;
import org.xenguest.dsl.xenguest.XenstoreEntry;
import org.xenguest.dsl.xenguest.XenstorePort;

/**
 * The rules of the Xenguest language. Every diagnostic has a stable code from
 * {@link XenguestIssueCodes}, a message that says what is wrong, why, and what to do, and the
 * location of the offending feature. Issue data carries what a quick fix needs (the smallest
 * frames that fit, the nearest names, a free name).
 */
public class XenguestValidator extends AbstractXenguestValidator {

	/** Largest vCPU count of a PVH/HVM guest (HVM_MAX_VCPUS in Xen 4.17). */
	public static final int MAX_VCPUS = 128;
	/** XEN_LEGACY_MAX_VCPUS: vcpu_info slots in shared_info. */
	public static final int LEGACY_MAX_VCPUS = 32;
	/** Xen's default gnttab_max_frames. */
	public static final int DEFAULT_MAX_GRANT_FRAMES = 64;
	public static final int PAGE_SIZE = 4096;

	private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

	// ---- model and guest settings --------------------------------------------------------------

	@Check
	public void checkGuestNames(Model model) {
		Map<String, Guest> seen = new HashMap<>();
		for (Guest g : model.getGuests()) {
			if (g.getName() == null) {
				continue;
			}
			Guest first = seen.putIfAbsent(g.getName(), g);
			if (first != null) {
				error("guest '" + g.getName() + "' is declared twice in this file (first at line " + line(first)
						+ "): generated code and tools name a guest by its name. Rename one of them.", g,
						Literals.GUEST__NAME, DUPLICATE_GUEST, freeName(g.getName(), seen.keySet()));
			}
		}
	}

	@Check
	public void checkGuestSettings(Guest g) {
		duplicateSettings(g, "guest", Literals.GUEST__TYPE, Literals.GUEST__VCPUS, Literals.GUEST__MEMORY,
				Literals.GUEST__EVENT_CHANNELS, Literals.GUEST__GRANT_TABLES, Literals.GUEST__DEBUG_STUBS);
		identifier(g, g.getName(), Literals.GUEST__NAME, "guest");
		Integer vcpus = g.getVcpus();
		if (vcpus != null) {
			if (vcpus < 1 || vcpus > MAX_VCPUS) {
				error("vcpus " + vcpus + " is out of range: a PVH or HVM guest has 1 to " + MAX_VCPUS
						+ " vCPUs (HVM_MAX_VCPUS). Set vcpus between 1 and " + MAX_VCPUS + ".", g, Literals.GUEST__VCPUS,
						VCPUS_RANGE);
			} else if (vcpus > LEGACY_MAX_VCPUS) {
				warning("vcpus " + vcpus + " is more than " + LEGACY_MAX_VCPUS
						+ ": shared_info holds vcpu_info for vCPUs 0-31 only (XEN_LEGACY_MAX_VCPUS), so vCPUs 32 and up"
						+ " have none until the guest registers one with VCPUOP_register_vcpu_info. Keep vcpus at "
						+ LEGACY_MAX_VCPUS + " or fewer unless the guest's code does that registration.", g,
						Literals.GUEST__VCPUS, VCPUS_SHARED_INFO);
			}
		}
		Long memory = g.getMemory();
		if (memory != null && (memory <= 0 || memory % PAGE_SIZE != 0)) {
			long rounded = Math.max(PAGE_SIZE, (memory + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE);
			error("memory of " + memory + " bytes is " + (memory <= 0 ? "zero" : "not a whole number of 4 KiB pages")
					+ ": Xen gives a guest memory in pages. Use a size such as 256M, 1G or " + (rounded / 1024) + "K.",
					g, Literals.GUEST__MEMORY, MEMORY_SIZE, Long.toString(rounded));
		}
		Integer ec = g.getEventChannels();
		if (ec != null && (ec < 1 || ec > GuestFacts.MAX_PORTS_2L)) {
			error("event-channels " + ec + " is out of range: with 2-level event channels a 64-bit guest has ports 1 to "
					+ GuestFacts.MAX_PORTS_2L + " (64 x 64 pending bits, port 0 reserved), and the generated code uses"
					+ " the 2-level ABI. Set event-channels between 1 and " + GuestFacts.MAX_PORTS_2L + ".", g,
					Literals.GUEST__EVENT_CHANNELS, EVENT_CHANNELS_RANGE);
		}
	}

	// ---- grant table ---------------------------------------------------------------------------

	@Check
	public void checkGrantTable(GrantTable t) {
		if (t.getVersion() != null && t.getVersion() != 1 && t.getVersion() != 2) {
			error("grant-table version " + t.getVersion() + " does not exist: Xen has grant table v1 (8-byte entries,"
					+ " 512 per frame) and v2 (16-byte entries, 256 per frame). Use version 1 (or 2).", t,
					Literals.GRANT_TABLE__VERSION, GRANT_TABLE_VERSION);
		}
		Integer frames = t.getFrames();
		if (frames != null) {
			if (frames < 1) {
				error("grant-table frames 0 leaves the guest no grant entries: a grant table has at least one 4 KiB"
						+ " frame. Set frames to 1 or more.", t, Literals.GRANT_TABLE__FRAMES, GRANT_FRAMES_ZERO, "1");
			} else if (frames > DEFAULT_MAX_GRANT_FRAMES) {
				warning("grant-table frames " + frames + " is above Xen's default gnttab_max_frames ("
						+ DEFAULT_MAX_GRANT_FRAMES + "): GNTTABOP_setup_table fails unless the domain's"
						+ " max_grant_frames (xl.cfg) allows " + frames + ". Raise max_grant_frames or use fewer frames.",
						t, Literals.GRANT_TABLE__FRAMES, GRANT_FRAMES_DEFAULT_MAX);
			}
		}
	}

	@Check
	public void checkGrantBudget(Guest g) {
		if (GuestFacts.grantFrames(g) < 1) {
			return; // XG104 already
		}
		int version = GuestFacts.grantVersion(g);
		if (version != 1 && version != 2) {
			return; // XG103 already
		}
		GrantBudget budget = GrantBudget.of(g);
		if (budget.fits()) {
			return;
		}
		long smallest = budget.smallestFramesThatFit();
		String limit = smallest > DEFAULT_MAX_GRANT_FRAMES
				? " (above Xen's default gnttab_max_frames of " + DEFAULT_MAX_GRANT_FRAMES
						+ ": raise max_grant_frames in xl.cfg too, or shrink the rings)"
				: "";
		String message = "grant table too small: this guest needs " + budget.requiredArithmetic()
				+ " grant entries, but its grant table holds " + budget.capacityArithmetic()
				+ ". Once the free entries run out the guest blocks in \"Waiting for free grant\". Set frames "
				+ smallest + " (the smallest that fits" + ")" + limit + ".";
		String[] data = { Long.toString(smallest), Long.toString(budget.required()), Long.toString(budget.capacity()) };
		GrantTable t = GuestFacts.grantTable(g);
		if (t == null) {
			error(message + " This guest declares no grant-table, so it gets version 1 with "
					+ GuestFacts.DEFAULT_GRANT_FRAMES + " frame: add 'grant-table version 1 frames " + smallest + "'.", g,
					Literals.GUEST__NAME, GRANT_BUDGET, data);
		} else if (t.getFrames() != null) {
			error(message, t, Literals.GRANT_TABLE__FRAMES, GRANT_BUDGET, data);
		} else {
			error(message, g, Literals.GUEST__GRANT_TABLES, g.getGrantTables().indexOf(t), GRANT_BUDGET, data);
		}
	}

	@Check
	public void checkGrants(Guest g) {
		Map<String, Grant> seen = new HashMap<>();
		for (Grant grant : g.getGrants()) {
			identifier(grant, grant.getName(), Literals.GRANT__NAME, "grant");
			if (grant.getName() != null) {
				Grant first = seen.putIfAbsent(grant.getName(), grant);
				if (first != null) {
					error("grant '" + grant.getName() + "' is declared twice in guest " + g.getName() + " (first at line "
							+ line(first) + "): generated code names grant references by it. Rename this one.", grant,
							Literals.GRANT__NAME, DUPLICATE_GRANT, freeName(grant.getName(), seen.keySet()));
				}
			}
			if (grant.getCount() != null && grant.getCount() < 1) {
				error("grant " + grant.getName() + "[0] declares no entries: a grant is at least one page. Use ["
						+ "1] or more, or remove the grant.", grant, Literals.GRANT__COUNT, GRANT_COUNT_ZERO, "1");
			}
			domid(grant, grant.getDomain(), Literals.GRANT__DOMAIN, "the domain a grant is given to");
		}
	}

	// ---- ports ---------------------------------------------------------------------------------

	@Check
	public void checkPorts(Guest g) {
		int vcpus = GuestFacts.vcpus(g);
		int ec = GuestFacts.eventChannels(g);
		int limit = Math.min(ec < 1 ? GuestFacts.MAX_PORTS_2L : ec, GuestFacts.MAX_PORTS_2L);
		Map<String, Port> names = new HashMap<>();
		Map<String, Port> handlers = new HashMap<>();
		Map<String, Port> virqs = new HashMap<>();
		Port xenstore = null;
		Port console = null;
		Map<Port, Port> partnerOf = new HashMap<>();
		List<Port> ports = g.getPorts();
		for (int i = 0; i < ports.size(); i++) {
			Port p = ports.get(i);
			identifier(p, p.getName(), Literals.PORT__NAME, "port");
			if (p.getName() != null) {
				Port first = names.putIfAbsent(p.getName(), p);
				if (first != null) {
					error("port '" + p.getName() + "' is declared twice in guest " + g.getName() + " (first at line "
							+ line(first) + "): devices and generated code refer to ports by name. Rename this one.", p,
							Literals.PORT__NAME, DUPLICATE_PORT, freeName(p.getName(), names.keySet()));
				}
			}
			if (i == limit) {
				String why = ec > GuestFacts.MAX_PORTS_2L || ec < 1
						? "the 2-level event-channel ABI has " + GuestFacts.MAX_PORTS_2L + " usable ports on 64-bit"
						: "event-channels is " + ec + (g.getEventChannels() == null ? " (xl's default)" : "");
				error("too many ports: port '" + p.getName() + "' is number " + (i + 1) + " of " + ports.size() + ", but "
						+ why + ", so binding it fails with ENOSPC. "
						+ (limit < GuestFacts.MAX_PORTS_2L
								? "Raise event-channels to at least " + Math.min(ports.size(), GuestFacts.MAX_PORTS_2L)
										+ " or declare fewer ports."
								: "Declare fewer ports."),
						p, Literals.PORT__NAME, PORT_COUNT, Integer.toString(ports.size()));
			}
			if (p.getVcpu() != null && p.getVcpu() >= vcpus) {
				error("port '" + p.getName() + "' is bound to vcpu " + p.getVcpu() + ", but guest " + g.getName() + " has "
						+ vcpus + (vcpus == 1 ? " vCPU" : " vCPUs") + " (numbered 0 to " + (vcpus - 1)
						+ "): EVTCHNOP_bind_vcpu would fail. Use a vcpu below " + vcpus + " or raise vcpus.", p,
						Literals.PORT__VCPU, VCPU_RANGE, Integer.toString(vcpus - 1));
			}
			if (p.getHandler() != null) {
				handlerIdentifier(p, p.getHandler(), Literals.PORT__HANDLER);
				Port first = handlers.putIfAbsent(p.getHandler(), p);
				if (first != null && !p.isSharedHandler()) {
					warning("handler " + p.getHandler() + " already handles port '" + first.getName() + "' (line "
							+ line(first) + "): one handler for two ports cannot tell them apart unless it checks the port"
							+ " number. Give port '" + p.getName() + "' its own handler, or write 'handler "
							+ p.getHandler() + " shared' if sharing is deliberate.", p, Literals.PORT__HANDLER,
							HANDLER_SHARED, p.getHandler() + "_" + p.getName());
				}
			}
			if (p.getKind() instanceof VirqPort) {
				checkVirq(p, (VirqPort) p.getKind(), virqs);
			} else if (p.getKind() instanceof XenstorePort) {
				if (xenstore != null) {
					wellKnownTwice(p, xenstore, "xenstore", "HVM_PARAM_STORE_EVTCHN");
				} else {
					xenstore = p;
				}
			} else if (p.getKind() instanceof ConsolePort) {
				if (console != null) {
					wellKnownTwice(p, console, "console", "HVM_PARAM_CONSOLE_EVTCHN");
				} else {
					console = p;
				}
			} else if (p.getKind() instanceof UnboundPort) {
				UnboundPort u = (UnboundPort) p.getKind();
				domid(u, u.getRemote(), Literals.UNBOUND_PORT__REMOTE, "the remote domain");
			} else if (p.getKind() instanceof InterdomainPort) {
				InterdomainPort ip = (InterdomainPort) p.getKind();
				domid(ip, ip.getRemote(), Literals.INTERDOMAIN_PORT__REMOTE, "the remote domain");
				Integer rp = ip.getRemotePort();
				if (rp != null && (rp < 1 || rp > GuestFacts.MAX_PORTS_2L)) {
					error("remote port " + rp + " cannot exist: event-channel ports are 1 to " + GuestFacts.MAX_PORTS_2L
							+ " (port 0 is reserved). Use the port number the remote domain allocated (it usually"
							+ " publishes it in xenstore).", ip, Literals.INTERDOMAIN_PORT__REMOTE_PORT, REMOTE_PORT_RANGE);
				} else if (rp != null && ip.isSelf()) {
					List<String> partners = selfUnboundPorts(g);
					warning("remote self port " + rp + " guesses a port number of this guest: Xen numbers its ports at"
							+ " run time (the toolstack's ports come first), so " + rp + " may be another port or none,"
							+ " and EVTCHNOP_bind_interdomain then fails or pairs the wrong port. Name the partner instead:"
							+ " declare 'port NAME : unbound remote self' and write 'port NAME'"
							+ (partners.isEmpty() ? "" : " (this guest's unbound self ports: " + String.join(", ", partners) + ")")
							+ ".", ip, Literals.INTERDOMAIN_PORT__REMOTE_PORT, SELF_PORT_NUMBER,
							partners.toArray(new String[0]));
				}
				checkSelfPair(g, p, ip, partnerOf);
			}
		}
		Set<String> portHandlers = handlers.keySet();
		for (XenstoreBlock block : g.getXenstore()) {
			for (XenstoreEntry e : block.getEntries()) {
				if (e.getHandler() != null && portHandlers.contains(e.getHandler())) {
					Port p = handlers.get(e.getHandler());
					error("handler " + e.getHandler() + " is both the event handler of port '" + p.getName() + "' (line "
							+ line(p) + ") and a xenstore watch handler: the two are called with different arguments, so"
							+ " one C function cannot be both. Give the watch its own handler name.", e,
							Literals.XENSTORE_ENTRY__HANDLER, HANDLER_SIGNATURE_CLASH, e.getHandler() + "_watch");
				}
			}
		}
	}

	/** XG215-XG218: {@code interdomain remote self port NAME}, a self-connected pair. */
	private void checkSelfPair(Guest g, Port p, InterdomainPort ip, Map<Port, Port> partnerOf) {
		Port partner = ip.getPort();
		if (partner == null || partner.eIsProxy()) {
			return; // numeric port, or XG901 already
		}
		if (!ip.isSelf() && ip.getRemote() != null) {
			error("port '" + p.getName() + "' names port '" + partner.getName() + "' of this guest but says remote "
					+ ip.getRemote() + ": a port of this guest is bound through DOMID_SELF, and Xen would look for port '"
					+ partner.getName() + "''s number in domain " + ip.getRemote() + ". Write 'remote self port "
					+ partner.getName() + "'.", ip, Literals.INTERDOMAIN_PORT__REMOTE, SELF_PAIR_REMOTE, "self");
		}
		if (partner == p) {
			List<String> partners = selfUnboundPorts(g);
			error("port '" + p.getName() + "' names itself as its partner: an interdomain port is bound to a port that"
					+ " already exists, and this one exists only once the binding succeeds. Name an 'unbound remote"
					+ " self' port of this guest"
					+ (partners.isEmpty() ? " (declare one, e.g. 'port " + p.getName() + "_peer : unbound remote self')"
							: " (" + String.join(", ", partners) + ")")
					+ ".", ip, Literals.INTERDOMAIN_PORT__PORT, SELF_PAIR_SELF_REFERENCE, partners.toArray(new String[0]));
			return;
		}
		boolean unbound = partner.getKind() instanceof UnboundPort;
		if (!unbound || !((UnboundPort) partner.getKind()).isSelf()) {
			String what = unbound ? "an unbound port for domain " + ((UnboundPort) partner.getKind()).getRemote()
					: (kindName(partner).matches("[aeiou].*") ? "an " : "a ") + kindName(partner) + " port";
			List<String> partners = selfUnboundPorts(g);
			error("port '" + partner.getName() + "' (line " + line(partner) + ") is " + what + ", but '" + p.getName()
					+ "' can pair only with a port this guest allocated for itself: EVTCHNOP_bind_interdomain with"
					+ " DOMID_SELF accepts only a port left unbound for DOMID_SELF. Declare 'port " + partner.getName()
					+ " : unbound remote self'"
					+ (partners.isEmpty() ? "" : " or name one of " + String.join(", ", partners)) + ".", ip,
					Literals.INTERDOMAIN_PORT__PORT, SELF_PAIR_PARTNER, partners.toArray(new String[0]));
			return;
		}
		Port first = partnerOf.putIfAbsent(partner, p);
		if (first != null) {
			error("port '" + partner.getName() + "' is already the partner of port '" + first.getName() + "' (line "
					+ line(first) + "): binding pairs an unbound port with one port, after which it is no longer"
					+ " unbound, so a second EVTCHNOP_bind_interdomain fails with EINVAL. Declare another 'unbound"
					+ " remote self' port for '" + p.getName() + "'.", ip, Literals.INTERDOMAIN_PORT__PORT,
					SELF_PAIR_SHARED, freeName(partner.getName(), names(g)));
		}
	}

	/** The names of the guest's 'unbound remote self' ports, in model order. */
	private static List<String> selfUnboundPorts(Guest g) {
		List<String> out = new java.util.ArrayList<>();
		for (Port q : g.getPorts()) {
			if (q.getName() != null && q.getKind() instanceof UnboundPort && ((UnboundPort) q.getKind()).isSelf()) {
				out.add(q.getName());
			}
		}
		return out;
	}

	private static Set<String> names(Guest g) {
		Set<String> out = new HashSet<>();
		for (Port q : g.getPorts()) {
			if (q.getName() != null) {
				out.add(q.getName());
			}
		}
		return out;
	}

	private void checkVirq(Port p, VirqPort v, Map<String, Port> bound) {
		String name = v.getVirq();
		if (name == null) {
			return;
		}
		Optional<Virq> virq = Virq.byName(name);
		if (virq.isEmpty()) {
			List<String> near = NearestNames.nearest(name, Virq.dslNames(), 3);
			error("unknown VIRQ '" + name + "'"
					+ (near.isEmpty() ? "" : ": did you mean " + NearestNames.orList(near) + "?")
					+ " Xen's VIRQs (xen.h VIRQ_*, lower case) are " + String.join(", ", Virq.dslNames())
					+ ". Use one of them; EVTCHNOP_bind_virq rejects other numbers.", v, Literals.VIRQ_PORT__VIRQ,
					VIRQ_UNKNOWN, near.toArray(new String[0]));
			return;
		}
		Virq x = virq.get();
		int vcpu = p.getVcpu() != null ? p.getVcpu() : 0;
		if (!x.isPerVcpu()) {
			warning("VIRQ " + x.dslName() + " is global (" + x.cName() + "): Xen sends it only to the domain that is its"
					+ " handler, dom0 unless the toolstack calls XEN_DOMCTL_set_virq_handler, so in any other guest this"
					+ " port never fires. Keep it only if this guest is dom0 or the VIRQ's handler domain.", v,
					Literals.VIRQ_PORT__VIRQ, VIRQ_GLOBAL);
			if (vcpu != 0) {
				error("global VIRQ " + x.dslName() + " is bound to vcpu " + vcpu + ": EVTCHNOP_bind_virq accepts global"
						+ " VIRQs on vCPU 0 only and fails with EINVAL. Remove 'vcpu " + vcpu + "' (or use vcpu 0).", p,
						Literals.PORT__VCPU, VIRQ_GLOBAL_VCPU, "0");
			}
		}
		String key = x.number() + "@" + vcpu;
		Port first = bound.putIfAbsent(key, p);
		if (first != null) {
			error("VIRQ " + x.dslName() + " is already bound to vCPU " + vcpu + " by port '" + first.getName() + "' (line "
					+ line(first) + "): a VIRQ can be bound once per vCPU (EVTCHNOP_bind_virq fails with EEXIST). Remove"
					+ " one of the ports" + (x.isPerVcpu() ? " or bind this one to another vcpu." : "."), v,
					Literals.VIRQ_PORT__VIRQ, VIRQ_DUPLICATE);
		}
	}

	private void wellKnownTwice(Port p, Port first, String kind, String param) {
		error("a second " + kind + " port: port '" + first.getName() + "' (line " + line(first) + ") already is the "
				+ kind + " port. Xen gives a guest exactly one " + kind + " event channel (" + param
				+ "), so two ports would be the same channel. Remove one of them.", p, Literals.PORT__KIND,
				WELL_KNOWN_PORT_DUPLICATE);
	}

	// ---- xenstore ------------------------------------------------------------------------------

	@Check
	public void checkXenstore(Guest g) {
		Map<String, XenstoreEntry> seen = new HashMap<>();
		for (XenstoreBlock block : g.getXenstore()) {
			for (XenstoreEntry e : block.getEntries()) {
				checkXenstoreEntry(e);
				if (e.getPath() != null && !e.getPath().isEmpty()) {
					XenstoreEntry first = seen.putIfAbsent(e.getPath(), e);
					if (first != null) {
						error("xenstore path \"" + e.getPath() + "\" appears twice (first at line " + line(first)
								+ "): the second write would silently replace the first. Keep one entry (a value and a"
								+ " watch can share it: \"path\" = \"value\" watch handler h).", e,
								Literals.XENSTORE_ENTRY__PATH, XENSTORE_DUPLICATE_PATH);
					}
				}
			}
		}
	}

	private void checkXenstoreEntry(XenstoreEntry e) {
		String path = e.getPath();
		if (path == null) {
			return;
		}
		if (path.isEmpty() || path.contains("//") || (path.endsWith("/") && path.length() > 0)) {
			String what = path.isEmpty() ? "is empty" : path.contains("//") ? "has an empty component (//)" : "ends with '/'";
			error("xenstore path \"" + path + "\" " + what + ": xenstored rejects such paths with EINVAL. Write it as"
					+ " components separated by single '/', e.g. \"data/ip\".", e, Literals.XENSTORE_ENTRY__PATH,
					XENSTORE_PATH_MALFORMED);
			return;
		}
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/'
					|| c == '_' || c == '-' || (c == '@' && i == 0);
			if (!ok) {
				error("xenstore path \"" + path + "\" contains " + describe(c) + " at position " + (i + 1)
						+ ": xenstore paths use only letters, digits and - / _ @ (docs/misc/xenstore.txt), and '@' only"
						+ " to start a special watch path. Replace or remove it.", e, Literals.XENSTORE_ENTRY__PATH,
						XENSTORE_PATH_CHARS, Integer.toString(i));
				return;
			}
		}
		if (path.startsWith("@") && (e.getValue() != null || !e.isWatch())) {
			error("xenstore path \"" + path + "\" starts with '@': such paths (@introduceDomain, @releaseDomain) are"
					+ " special watch paths that cannot be written. Only watch them, or drop the '@'.", e,
					Literals.XENSTORE_ENTRY__PATH, XENSTORE_PATH_CHARS, "0");
			return;
		}
		int bytes = path.getBytes(StandardCharsets.UTF_8).length;
		boolean absolute = path.startsWith("/");
		int max = absolute ? XenstoreLayout.ABS_PATH_MAX : XenstoreLayout.REL_PATH_MAX;
		if (bytes > max) {
			error("xenstore path is " + bytes + " bytes long, more than the " + max + " allowed for "
					+ (absolute ? "absolute paths (XENSTORE_ABS_PATH_MAX)" : "relative paths (XENSTORE_REL_PATH_MAX)")
					+ ": xenstored rejects it. Shorten the path.", e, Literals.XENSTORE_ENTRY__PATH, XENSTORE_PATH_LENGTH,
					Integer.toString(max));
			return;
		}
		if (e.getValue() != null) {
			int payload = bytes + 1 + e.getValue().getBytes(StandardCharsets.UTF_8).length;
			if (payload > XenstoreLayout.PAYLOAD_MAX) {
				error("xenstore write of \"" + path + "\" carries " + payload + " bytes (path, NUL, value), more than "
						+ XenstoreLayout.PAYLOAD_MAX + " (XENSTORE_PAYLOAD_MAX): xenstored rejects it with E2BIG."
						+ " Shorten the value to at most " + (XenstoreLayout.PAYLOAD_MAX - bytes - 1) + " bytes.", e,
						Literals.XENSTORE_ENTRY__VALUE, XENSTORE_PAYLOAD, Integer.toString(XenstoreLayout.PAYLOAD_MAX - bytes - 1));
			}
		}
		if (e.isWatch() && e.getHandler() == null) {
			warning("watch on \"" + path + "\" has no handler: its events would be read and dropped. Add 'handler NAME'"
					+ " to name the C function that gets them.", e, Literals.XENSTORE_ENTRY__WATCH,
					XENSTORE_WATCH_HANDLER, "on_" + path.replaceAll("[^A-Za-z0-9]", "_").replaceAll("^_+", ""));
		}
		if (e.getHandler() != null) {
			handlerIdentifier(e, e.getHandler(), Literals.XENSTORE_ENTRY__HANDLER);
		}
	}

	// ---- devices -------------------------------------------------------------------------------

	@Check
	public void checkNetfront(Netfront n) {
		duplicateSettings(n, "netfront", Literals.NETFRONT__BACKEND, Literals.NETFRONT__PORT, Literals.NETFRONT__INDEX,
				Literals.NETFRONT__RX_RING, Literals.NETFRONT__TX_RING, Literals.NETFRONT__MAC);
		identifier(n, n.getName(), Literals.NETFRONT__NAME, "netfront");
		domid(n, n.getBackend(), Literals.NETFRONT__BACKEND, "the backend domain");
		ring(n, n.getRxRing(), Literals.NETFRONT__RX_RING, "rx-ring");
		ring(n, n.getTxRing(), Literals.NETFRONT__TX_RING, "tx-ring");
		String mac = n.getMac();
		if (mac != null) {
			String problem = null;
			if (!MAC.matcher(mac).matches()) {
				problem = "is not six hexadecimal octets separated by ':'";
			} else if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
				problem = "is a multicast address (the low bit of the first octet is set)";
			} else if (mac.replace(":", "").matches("0+")) {
				problem = "is all zeros";
			}
			if (problem != null) {
				error("mac \"" + mac + "\" " + problem + ": netback needs a unicast MAC for the vif. Use one like"
						+ " \"00:16:3e:xx:xx:xx\" (Xen's OUI).", n, Literals.NETFRONT__MAC, MAC_INVALID);
			}
		}
		Set<String> seen = new HashSet<>();
		List<String> features = n.getFeatures();
		for (int i = 0; i < features.size(); i++) {
			String f = features.get(i);
			if (NetifFeatures.byName(f).isEmpty()) {
				List<String> near = NearestNames.nearest(f, NetifFeatures.dslNames(), 3);
				error("unknown netfront feature '" + f + "'"
						+ (near.isEmpty() ? "" : ": did you mean " + NearestNames.orList(near) + "?")
						+ " The features netif.h defines are " + String.join(", ", NetifFeatures.dslNames())
						+ ". A backend ignores other keys, so this one would do nothing.", n, Literals.NETFRONT__FEATURES,
						i, FEATURE_UNKNOWN, near.toArray(new String[0]));
			} else if (!seen.add(f)) {
				warning("feature '" + f + "' is listed twice for netfront " + n.getName() + ". Remove one.", n,
						Literals.NETFRONT__FEATURES, i, FEATURE_DUPLICATE);
			}
		}
		if (n.getPort() == null && NodeModelUtils.findNodesForFeature(n, Literals.NETFRONT__PORT).isEmpty()) {
			error("netfront " + n.getName() + " names no event-channel port: the frontend writes it to xenstore as"
					+ " 'event-channel' and netback signals it there. Add 'port NAME' naming an unbound port, e.g. 'port "
					+ n.getName() + " : unbound remote " + GuestFacts.backend(n) + "'.", n, Literals.NETFRONT__NAME,
					DEVICE_PORT_MISSING, n.getName() == null ? "net" : n.getName());
		} else if (n.getPort() != null && !n.getPort().eIsProxy()) {
			Port p = n.getPort();
			if (!(p.getKind() instanceof UnboundPort) && !(p.getKind() instanceof InterdomainPort)) {
				error("port '" + p.getName() + "' is a " + kindName(p) + " port, but a netfront needs an 'unbound' port"
						+ " (EVTCHNOP_alloc_unbound) that the backend binds to. Declare 'port " + p.getName()
						+ " : unbound remote " + GuestFacts.backend(n) + "' or name another port.", n,
						Literals.NETFRONT__PORT, DEVICE_PORT_KIND);
			}
		}
	}

	@Check
	public void checkDevices(Guest g) {
		Map<String, Netfront> names = new HashMap<>();
		Map<Integer, Netfront> indices = new HashMap<>();
		Map<Port, Netfront> ports = new HashMap<>();
		for (Netfront n : GuestFacts.netfronts(g)) {
			if (n.getName() != null) {
				Netfront first = names.putIfAbsent(n.getName(), n);
				if (first != null) {
					error("netfront " + n.getName() + " is declared twice (first at line " + line(first) + "). Rename"
							+ " this one.", n, Literals.NETFRONT__NAME, DUPLICATE_NETFRONT,
							freeName(n.getName(), names.keySet()));
					continue;
				}
			}
			int index = GuestFacts.index(n);
			Netfront first = indices.putIfAbsent(index, n);
			if (first != null) {
				error("netfront " + n.getName() + " has vif index " + index + ", which netfront " + first.getName()
						+ " (line " + line(first) + ") already uses: both would be device/vif/" + index
						+ " in xenstore. Give it another 'index'.", n,
						n.getIndex() != null ? Literals.NETFRONT__INDEX : Literals.NETFRONT__NAME, DUPLICATE_NETFRONT);
			}
			if (n.getPort() != null && !n.getPort().eIsProxy()) {
				Netfront other = ports.putIfAbsent(n.getPort(), n);
				if (other != null) {
					error("port '" + n.getPort().getName() + "' is already the event channel of netfront "
							+ other.getName() + " (line " + line(other) + "): each device needs its own port, or the"
							+ " two would take each other's notifications. Declare another unbound port for this one.",
							n, Literals.NETFRONT__PORT, DEVICE_PORT_SHARED);
				}
			}
		}
	}

	// ---- debug stub ----------------------------------------------------------------------------

	@Check
	public void checkDebugStub(DebugStub d) {
		if (d.isConsole() && d.eContainer() instanceof Guest) {
			Guest g = (Guest) d.eContainer();
			boolean hasConsole = g.getPorts().stream().anyMatch(p -> p.getKind() instanceof ConsolePort);
			if (!hasConsole) {
				error("'debug stub console' talks over the PV console, but guest " + g.getName()
						+ " declares no console port. Add 'port console : console' or use 'debug stub serial com2'.", d,
						Literals.DEBUG_STUB__CONSOLE, DEBUG_CONSOLE_PORT);
			}
		}
	}

	// ---- helpers -------------------------------------------------------------------------------

	private void ring(Netfront n, Integer size, EStructuralFeature feature, String what) {
		if (size == null) {
			return;
		}
		if (size < 1 || size > GuestFacts.MAX_NET_RING || Integer.bitCount(size) != 1) {
			int suggestion = Math.min(GuestFacts.MAX_NET_RING, Integer.highestOneBit(Math.max(1, size)));
			error(what + " " + size + " is not a ring size: a netif ring holds a power of two of entries and at most "
					+ GuestFacts.MAX_NET_RING + " fit one 4 KiB page (__CONST_RING_SIZE). Use " + suggestion + ".", n,
					feature, RING_SIZE, Integer.toString(suggestion));
		}
	}

	private void domid(EObject o, Integer domid, EStructuralFeature feature, String what) {
		if (domid != null && domid >= Hypercalls.DOMID_FIRST_RESERVED) {
			error("domain id " + domid + " (" + what + ") is reserved: ids from 0x7FF0 (DOMID_FIRST_RESERVED: DOMID_SELF,"
					+ " DOMID_IO, ...) name no ordinary domain. Use the backend's domain id, usually 0"
					+ (feature == Literals.UNBOUND_PORT__REMOTE || feature == Literals.INTERDOMAIN_PORT__REMOTE
							? " (for a port of this guest's own domain, write 'remote self')."
							: "."), o, feature,
					DOMID_RANGE);
		}
	}

	private void identifier(EObject o, String name, EStructuralFeature feature, String what) {
		String problem = CIdentifiers.problem(name);
		if (name != null && problem != null) {
			error(what + " name '" + name + "' cannot be used: generated C code names the " + what + " after it, and "
					+ problem + ". Rename it.", o, feature, INVALID_IDENTIFIER, name + "_");
		}
	}

	private void handlerIdentifier(EObject o, String name, EStructuralFeature feature) {
		String problem = CIdentifiers.problem(name);
		if (problem != null) {
			error("handler '" + name + "' is not a valid C function name: " + problem
					+ ". Rename it (e.g. on_" + name.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("^_+", "") + ").", o,
					feature, HANDLER_IDENTIFIER);
		}
	}

	/** XG001: the second and later occurrences of a single-valued feature, located on each occurrence. */
	private void duplicateSettings(EObject o, String owner, EStructuralFeature... features) {
		for (EStructuralFeature f : features) {
			List<INode> nodes = NodeModelUtils.findNodesForFeature(o, f);
			for (int i = 1; i < nodes.size(); i++) {
				INode node = nodes.get(i);
				String setting = settingName(f);
				getMessageAcceptor().acceptError(
						setting + " is set twice in this " + owner + " (first at line " + nodes.get(0).getStartLine()
								+ "): only the last one would take effect. Remove one of them.",
						o, node.getOffset(), node.getLength(), DUPLICATE_SETTING);
			}
		}
	}

	private static String settingName(EStructuralFeature f) {
		switch (f.getName()) {
		case "eventChannels":
			return "event-channels";
		case "grantTables":
			return "grant-table";
		case "debugStubs":
			return "debug stub";
		case "rxRing":
			return "rx-ring";
		case "txRing":
			return "tx-ring";
		default:
			return f.getName();
		}
	}

	private static String kindName(Port p) {
		if (p.getKind() == null) {
			return "?";
		}
		String n = p.getKind().eClass().getName();
		return n.substring(0, n.length() - "Port".length()).toLowerCase();
	}

	private static String describe(char c) {
		if (c < 0x20 || c == 0x7f) {
			return String.format("the control character U+%04X", (int) c);
		}
		if (c == ' ') {
			return "a space";
		}
		return "'" + c + "'";
	}

	static int line(EObject o) {
		INode node = NodeModelUtils.getNode(o);
		return node == null ? 0 : node.getStartLine();
	}

	/** A name not in {@code taken}: name_2, name_3, ... */
	static String freeName(String name, Set<String> taken) {
		for (int i = 2;; i++) {
			String candidate = name + "_" + i;
			if (!taken.contains(candidate)) {
				return candidate;
			}
		}
	}
}

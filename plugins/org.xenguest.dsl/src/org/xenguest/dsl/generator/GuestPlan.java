package org.xenguest.dsl.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.xenguest.abi.DebugInfoLayout;
import org.xenguest.abi.GrantTableLayout;
import org.xenguest.abi.Hypercalls;
import org.xenguest.abi.Virq;
import org.xenguest.dsl.analysis.GrantBudget;
import org.xenguest.dsl.analysis.GuestFacts;
import org.xenguest.dsl.analysis.NetRings;
import org.xenguest.dsl.analysis.NetifFeatures;
import org.xenguest.dsl.xenguest.ConsolePort;
import org.xenguest.dsl.xenguest.DebugStub;
import org.xenguest.dsl.xenguest.Grant;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.InterdomainPort;
import org.xenguest.dsl.xenguest.IpiPort;
import org.xenguest.dsl.xenguest.Netfront;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.PortKind;
import org.xenguest.dsl.xenguest.UnboundPort;
import org.xenguest.dsl.xenguest.VirqPort;
import org.xenguest.dsl.xenguest.XenstoreBlock;
import org.xenguest.dsl.xenguest.XenstoreEntry;
import org.xenguest.dsl.xenguest.XenstorePort;

/**
 * Everything the emitters need about one guest, derived once from the model with defaults
 * applied (GuestFacts), so the C, Java, xl.cfg and manifest emitters cannot disagree. Lists keep
 * model order; nothing iterates a hash structure.
 */
final class GuestPlan {

	/** The C kind constants, in the order of enum NAME_port_kind. */
	enum Kind {
		XENSTORE("xenstore"), CONSOLE("console"), VIRQ("virq"), UNBOUND("unbound"), INTERDOMAIN("interdomain"), IPI("ipi");

		final String dsl;

		Kind(String dsl) {
			this.dsl = dsl;
		}
	}

	/**
	 * One port. {@code remoteSelf}: unbound/interdomain with {@code remote self} (DOMID_SELF; then
	 * remoteDomid is {@link Hypercalls#DOMID_SELF}). {@code remotePortIndex}: an interdomain port's
	 * partner named by {@code port NAME}, a port of this guest ({@code remotePortName}), whose number
	 * the generated code takes at run time; -1 for a numeric remote port.
	 */
	record PortPlan(int index, String name, String macro, Kind kind, String virqC, int virqNumber, int remoteDomid,
			int remotePort, String handler, int vcpu, boolean masked, boolean deviceOwned, String detail,
			boolean remoteSelf, int remotePortIndex, String remotePortName) {
	}

	record GrantPlan(int index, String name, String macro, int count, int domid, boolean readonly, int firstSlot) {
	}

	record XsPlan(int index, String path, String macro, String value, boolean watch, String handler, int watchIndex) {
	}

	record NetfrontPlan(int index, String name, String macro, int vif, int portIndex, String portName, int backend,
			int rxRing, int txRing, List<String> keys, List<String> ignoredFeatures, boolean sg, boolean gso,
			String mac) {
	}

	record StubPlan(String transport, int ioPort, boolean writable, int consolePortIndex) {
		boolean console() {
			return "console".equals(transport);
		}
	}

	final Guest guest;
	final String modelFile;
	/** C prefix (the guest name) and its upper-case form. */
	final String p;
	final String u;
	final String javaClass;
	final String type;
	final int vcpus;
	final Long memoryBytes;
	final int eventChannels;
	final int grantVersion;
	final int grantFrames;
	final int entriesPerFrame;
	final GrantBudget budget;
	final List<PortPlan> ports;
	/**
	 * The order evtchn.c binds the ports in: model order, except that an interdomain port naming a
	 * port of this guest comes after every other port, so its partner (an unbound port, which never
	 * names one) is bound and has its number first.
	 */
	final List<Integer> bindOrder;
	/** Per vCPU: the model port that is its VIRQ_TIMER, or -1 (evtchn.c binds one itself). */
	final int[] timerPort;
	final List<GrantPlan> grants;
	final int modelGrantSlots;
	final List<XsPlan> xenstore;
	final int xenstorePortIndex;
	final int consolePortIndex;
	final List<NetfrontPlan> netfronts;
	final StubPlan stub;
	final List<String> portHandlers;
	final List<String> watchHandlers;
	final boolean needsXenstore;
	final DebugInfoLayout layout;

	GuestPlan(Guest g, String modelFile) {
		this.guest = g;
		this.modelFile = modelFile;
		this.p = g.getName();
		if (p == null || p.isEmpty()) {
			throw new IllegalArgumentException("a guest without a name cannot be generated");
		}
		this.u = p.toUpperCase(Locale.ROOT);
		this.javaClass = javaName(p) + "Descriptor";
		this.type = g.getType() == null ? "pvh" : g.getType().getLiteral();
		this.vcpus = GuestFacts.vcpus(g);
		this.memoryBytes = g.getMemory();
		this.eventChannels = GuestFacts.eventChannels(g);
		this.grantVersion = GuestFacts.grantVersion(g);
		this.grantFrames = GuestFacts.grantFrames(g);
		this.entriesPerFrame = GrantTableLayout.entriesPerFrame(grantVersion);
		this.budget = GrantBudget.of(g);

		Set<Port> devicePorts = new LinkedHashSet<>();
		for (Netfront n : GuestFacts.netfronts(g)) {
			if (n.getPort() == null || n.getPort().eIsProxy()) {
				throw new IllegalArgumentException(
						"netfront " + n.getName() + " names no (resolvable) event-channel port (XG406/XG901): fix the model");
			}
			devicePorts.add(n.getPort());
		}

		Names macros = new Names("port");
		List<PortPlan> portList = new ArrayList<>();
		int xsIndex = -1;
		int conIndex = -1;
		List<String> handlers = new ArrayList<>();
		for (int i = 0; i < g.getPorts().size(); i++) {
			Port port = g.getPorts().get(i);
			PortKind k = port.getKind();
			Kind kind;
			String virqC = null;
			int virqNumber = -1;
			int remote = 0;
			int remotePort = 0;
			boolean self = false;
			int partnerIndex = -1;
			String partnerName = null;
			String detail;
			if (k instanceof XenstorePort) {
				kind = Kind.XENSTORE;
				detail = "xenstore (HVM_PARAM_STORE_EVTCHN)";
				xsIndex = xsIndex < 0 ? i : xsIndex;
			} else if (k instanceof ConsolePort) {
				kind = Kind.CONSOLE;
				detail = "console (HVM_PARAM_CONSOLE_EVTCHN)";
				conIndex = conIndex < 0 ? i : conIndex;
			} else if (k instanceof VirqPort v) {
				kind = Kind.VIRQ;
				Virq virq = Virq.byName(v.getVirq()).orElseThrow(() -> new IllegalArgumentException(
						"port " + port.getName() + ": unknown VIRQ '" + v.getVirq() + "' (XG208): fix the model"));
				virqC = virq.cName();
				virqNumber = virq.number();
				detail = "virq " + virq.dslName() + " (" + virqC + ")";
			} else if (k instanceof UnboundPort ub) {
				kind = Kind.UNBOUND;
				self = ub.isSelf();
				remote = self ? Hypercalls.DOMID_SELF : nz(ub.getRemote());
				detail = "unbound, remote domain " + (self ? "self (DOMID_SELF)" : remote);
			} else if (k instanceof InterdomainPort id) {
				kind = Kind.INTERDOMAIN;
				self = id.isSelf();
				remote = self ? Hypercalls.DOMID_SELF : nz(id.getRemote());
				if (id.getPort() != null) {
					Port partner = id.getPort();
					partnerIndex = g.getPorts().indexOf(partner);
					if (partner.eIsProxy() || partnerIndex < 0) {
						throw new IllegalArgumentException("port " + port.getName()
								+ " names no (resolvable) port of guest " + p + " (XG901): fix the model");
					}
					if (!self || partner == port || !(partner.getKind() instanceof UnboundPort pu)
							|| !pu.isSelf()) {
						throw new IllegalArgumentException("port " + port.getName() + " pairs with port "
								+ partner.getName() + ", which is not an 'unbound remote self' port of guest " + p
								+ " or is paired with 'remote DOMID' (XG215-XG218): fix the model");
					}
					partnerName = partner.getName();
				} else {
					remotePort = nz(id.getRemotePort());
				}
				detail = "interdomain, remote domain " + (self ? "self (DOMID_SELF)" : remote) + " port "
						+ (partnerName != null ? partnerName + " (its number at run time)" : remotePort);
			} else if (k instanceof IpiPort) {
				kind = Kind.IPI;
				detail = "ipi";
			} else {
				throw new IllegalArgumentException("port " + port.getName() + " has no kind: fix the model");
			}
			int vcpu = port.getVcpu() == null ? 0 : port.getVcpu();
			if (vcpu < 0 || vcpu >= vcpus) {
				throw new IllegalArgumentException("port " + port.getName() + " is bound to vcpu " + vcpu + " of "
						+ vcpus + " (XG204): fix the model");
			}
			String handler = port.getHandler();
			if (handler != null && !handlers.contains(handler)) {
				handlers.add(handler);
			}
			portList.add(new PortPlan(i, port.getName(), u + "_PORT_" + macros.of(port.getName()), kind, virqC,
					virqNumber, remote, remotePort, handler, vcpu, port.isMasked(), devicePorts.contains(port), detail,
					self, partnerIndex, partnerName));
		}
		this.ports = Collections.unmodifiableList(portList);
		Set<Integer> partners = new LinkedHashSet<>();
		List<Integer> order = new ArrayList<>();
		for (PortPlan pp : portList) {
			if (pp.remotePortIndex() < 0) {
				order.add(pp.index());
			} else if (!partners.add(pp.remotePortIndex())) {
				throw new IllegalArgumentException("port " + pp.remotePortName()
						+ " is the partner of two interdomain ports (XG217): fix the model");
			}
		}
		for (PortPlan pp : portList) {
			if (pp.remotePortIndex() >= 0) {
				order.add(pp.index());
			}
		}
		this.bindOrder = Collections.unmodifiableList(order);
		this.xenstorePortIndex = xsIndex;
		this.consolePortIndex = conIndex;
		this.portHandlers = Collections.unmodifiableList(handlers);

		this.timerPort = new int[vcpus];
		java.util.Arrays.fill(timerPort, -1);
		for (PortPlan pp : ports) {
			if (pp.kind == Kind.VIRQ && pp.virqNumber == Virq.TIMER.number() && timerPort[pp.vcpu] < 0) {
				timerPort[pp.vcpu] = pp.index;
			}
		}

		Names grantMacros = new Names("grant");
		List<GrantPlan> grantList = new ArrayList<>();
		int slots = 0;
		for (int i = 0; i < g.getGrants().size(); i++) {
			Grant gr = g.getGrants().get(i);
			int count = gr.getCount() == null ? 1 : gr.getCount();
			if (count < 1) {
				throw new IllegalArgumentException("grant " + gr.getName() + " declares no entries (XG106): fix the model");
			}
			grantList.add(new GrantPlan(i, gr.getName(), u + "_GRANT_" + grantMacros.of(gr.getName()), count,
					nz(gr.getDomain()), gr.isReadonly(), slots));
			slots += count;
		}
		this.grants = Collections.unmodifiableList(grantList);
		this.modelGrantSlots = slots;

		Names pathMacros = new Names("xenstore path");
		List<XsPlan> xs = new ArrayList<>();
		List<String> wh = new ArrayList<>();
		int watches = 0;
		for (XenstoreBlock b : g.getXenstore()) {
			for (XenstoreEntry e : b.getEntries()) {
				String macro = u + "_XS_" + pathMacros.ofPath(e.getPath());
				int watchIndex = e.isWatch() ? watches++ : -1;
				xs.add(new XsPlan(xs.size(), e.getPath(), macro, e.getValue(), e.isWatch(), e.getHandler(), watchIndex));
				if (e.getHandler() != null && !wh.contains(e.getHandler())) {
					wh.add(e.getHandler());
				}
			}
		}
		this.xenstore = Collections.unmodifiableList(xs);
		this.watchHandlers = Collections.unmodifiableList(wh);

		Names nfMacros = new Names("netfront");
		List<NetfrontPlan> nfs = new ArrayList<>();
		for (Netfront n : GuestFacts.netfronts(g)) {
			LinkedHashSet<String> keys = new LinkedHashSet<>();
			// xen-facts.md, netfront handshake: always request-rx-copy=1 and feature-rx-notify=1.
			keys.add(NetifFeatures.RX_COPY.xenstoreKey());
			keys.add(NetifFeatures.RX_NOTIFY.xenstoreKey());
			List<String> ignored = new ArrayList<>();
			boolean sg = false;
			boolean gso = false;
			for (String f : n.getFeatures()) {
				NetifFeatures nf = NetifFeatures.byName(f).orElseThrow(
						() -> new IllegalArgumentException("netfront " + n.getName() + ": unknown feature '" + f
								+ "' (XG403): fix the model"));
				switch (nf) {
				case SPLIT_EVENT_CHANNELS, CTRL_RING, MULTICAST_CONTROL, DYNAMIC_MULTICAST_CONTROL -> {
					if (!ignored.contains(f)) {
						ignored.add(f);
					}
					continue;
				}
				case SG -> sg = true;
				case GSO_TCPV4, GSO_TCPV6 -> gso = true;
				default -> {
				}
				}
				keys.add(nf.xenstoreKey());
			}
			int rx = GuestFacts.rxRing(n);
			int tx = GuestFacts.txRing(n);
			for (int size : new int[] { rx, tx }) {
				if (!NetRings.isValid(size)) {   // the validator's rule (XG401); a model with errors never gets here
					throw new IllegalArgumentException("netfront " + n.getName() + ": ring size " + size
							+ " is not a power of two of at most " + NetRings.MAX + " (XG401): fix the model");
				}
			}
			int portIndex = g.getPorts().indexOf(n.getPort());
			nfs.add(new NetfrontPlan(nfs.size(), n.getName(), u + "_NETFRONT_" + nfMacros.of(n.getName()),
					GuestFacts.index(n), portIndex, n.getPort().getName(), GuestFacts.backend(n), rx, tx,
					List.copyOf(keys), List.copyOf(ignored), sg, gso, n.getMac()));
		}
		this.netfronts = Collections.unmodifiableList(nfs);

		DebugStub d = GuestFacts.debugStub(g);
		if (d == null) {
			this.stub = null;
		} else if (d.isConsole()) {
			if (conIndex < 0) {
				throw new IllegalArgumentException("'debug stub console' needs a console port (XG501): fix the model");
			}
			this.stub = new StubPlan("console", 0, d.isWritable(), conIndex);
		} else {
			String com = d.getSerial() == null ? "com2" : d.getSerial().getLiteral();
			this.stub = new StubPlan(com, "com1".equals(com) ? 0x3f8 : 0x2f8, d.isWritable(), -1);
		}
		this.needsXenstore = !xenstore.isEmpty() || !netfronts.isEmpty();
		this.layout = new DebugInfoLayout(ports.size(), netfronts.size());
	}

	/** The guest's effective memory in MiB for xl.cfg (rounded up), or null without a memory setting. */
	Long memoryMiB() {
		return memoryBytes == null ? null : (memoryBytes + (1L << 20) - 1) >> 20;
	}

	long grantUsable() {
		return budget.capacity();
	}

	int grantEntries() {
		return grantFrames * entriesPerFrame;
	}

	static int nz(Integer i) {
		return i == null ? 0 : i;
	}

	/** "web" -> "Web", "my_guest" -> "MyGuest". */
	static String javaName(String name) {
		StringBuilder sb = new StringBuilder();
		boolean up = true;
		for (char c : name.toCharArray()) {
			if (c == '_') {
				up = true;
				continue;
			}
			sb.append(up ? Character.toUpperCase(c) : c);
			up = false;
		}
		if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) {
			sb.insert(0, 'G');
		}
		return sb.toString();
	}

	/** Upper-case macro names, unique within one kind of thing (a clash gets _2, _3, ... in model order). */
	static final class Names {
		private final String what;
		private final Map<String, Integer> seen = new HashMap<>();

		Names(String what) {
			this.what = what;
		}

		String of(String name) {
			String m = name.toUpperCase(Locale.ROOT);
			if (seen.containsKey(m)) {
				throw new IllegalArgumentException("two " + what + "s are named '" + name
						+ "' up to case: generated C needs distinct upper-case macro names; rename one");
			}
			seen.put(m, 1);
			return m;
		}

		String ofPath(String path) {
			StringBuilder sb = new StringBuilder();
			for (char c : path.toCharArray()) {
				sb.append(Character.isLetterOrDigit(c) && c < 128 ? Character.toUpperCase(c) : '_');
			}
			String m = sb.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
			if (m.isEmpty()) {
				m = "PATH";
			}
			int n = seen.merge(m, 1, Integer::sum);
			return n == 1 ? m : m + "_" + n;
		}
	}
}

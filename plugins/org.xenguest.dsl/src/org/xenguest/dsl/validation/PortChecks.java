package org.xenguest.dsl.validation;

import static org.xenguest.dsl.validation.XenguestIssueCodes.*;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.xtext.validation.Check;
import org.xenguest.abi.Virq;
import org.xenguest.dsl.analysis.GuestFacts;
import org.xenguest.dsl.analysis.NearestNames;
import org.xenguest.dsl.xenguest.ConsolePort;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.InterdomainPort;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.UnboundPort;
import org.xenguest.dsl.xenguest.VirqPort;
import org.xenguest.dsl.xenguest.XenguestPackage.Literals;
import org.xenguest.dsl.xenguest.XenstoreBlock;
import org.xenguest.dsl.xenguest.XenstoreEntry;
import org.xenguest.dsl.xenguest.XenstorePort;

/** Event-channel ports: names, count, vCPUs, handlers, VIRQs, the well-known ports, interdomain and self-connected pairs. */
public class PortChecks extends XenguestChecks {
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
}

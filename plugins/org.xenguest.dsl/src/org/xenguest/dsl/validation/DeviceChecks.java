package org.xenguest.dsl.validation;

import static org.xenguest.dsl.validation.XenguestIssueCodes.*;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;
import org.xenguest.dsl.analysis.GuestFacts;
import org.xenguest.dsl.analysis.NearestNames;
import org.xenguest.dsl.analysis.NetRings;
import org.xenguest.dsl.analysis.NetifFeatures;
import org.xenguest.dsl.xenguest.ConsolePort;
import org.xenguest.dsl.xenguest.DebugStub;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.GuestType;
import org.xenguest.dsl.xenguest.InterdomainPort;
import org.xenguest.dsl.xenguest.Netfront;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.UnboundPort;
import org.xenguest.dsl.xenguest.XenguestPackage.Literals;

/** PV devices (a netfront's settings, rings, MAC, features and port; names, vif indices and ports across devices) and the debug stub. */
public class DeviceChecks extends XenguestChecks {
	private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

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

	@Check
	public void checkDebugStub(DebugStub d) {
		if (!(d.eContainer() instanceof Guest)) {
			return;
		}
		Guest g = (Guest) d.eContainer();
		boolean hasConsole = g.getPorts().stream().anyMatch(p -> p.getKind() instanceof ConsolePort);
		if (!d.isConsole() && "domU".equals(g.getRole()) && (g.getType() == null || g.getType() == GuestType.PVH)) {
			String console = "debug stub console" + (d.isWritable() ? " writable" : "");
			warning("a PVH domU has no UART: 'debug stub serial " + d.getSerial() + "' would find no 16550 and the"
					+ " stub would never answer. Read guest " + g.getName() + " from dom0 through the probe instead, no"
					+ " stub needed: `xenguest watch --probe HOST:PORT --domain " + g.getName() + "` (`--host` for"
					+ " `xenguest host`) or the Studio's \"Xen Domain (dom0 probe)\" launch; or use '" + console
					+ "' (over the PV console" + (hasConsole ? ")." : ", with a 'port console : console')."), d, null,
					DEBUG_STUB_NO_UART, hasConsole ? new String[] {console} : new String[0]);
		}
		if (d.isConsole()) {
			if (!hasConsole) {
				error("'debug stub console' talks over the PV console, but guest " + g.getName()
						+ " declares no console port. Add 'port console : console' or use 'debug stub serial com2'.", d,
						Literals.DEBUG_STUB__CONSOLE, DEBUG_CONSOLE_PORT);
			}
		}
	}

	private void ring(Netfront n, Integer size, EStructuralFeature feature, String what) {
		if (size == null) {
			return;
		}
		if (!NetRings.isValid(size)) {
			int suggestion = NetRings.suggestion(size);
			error(what + " " + size + " is not a ring size: a netif ring holds a power of two of entries and at most "
					+ NetRings.MAX + " fit one 4 KiB page (__CONST_RING_SIZE). Use " + suggestion + ".", n,
					feature, RING_SIZE, Integer.toString(suggestion));
		}
	}
}

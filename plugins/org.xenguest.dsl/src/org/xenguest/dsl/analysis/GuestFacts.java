package org.xenguest.dsl.analysis;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.xenguest.abi.EventChannels;
import org.xenguest.dsl.xenguest.DebugStub;
import org.xenguest.dsl.xenguest.Device;
import org.xenguest.dsl.xenguest.GrantTable;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.Netfront;

/**
 * The effective values of a guest's settings, defaults applied: what the validator checks and
 * what generators emit. Defaults follow xl.cfg where it has one.
 */
public final class GuestFacts {
	/** xl.cfg's default event_channels. */
	public static final int DEFAULT_EVENT_CHANNELS = 1023;
	public static final int DEFAULT_VCPUS = 1;
	public static final int DEFAULT_GRANT_VERSION = 1;
	/** A guest that declares no grant-table sets up one frame. */
	public static final int DEFAULT_GRANT_FRAMES = 1;
	/** NET_RX_RING_SIZE / NET_TX_RING_SIZE: __CONST_RING_SIZE(netif_*, 4096). */
	public static final int DEFAULT_NET_RING = 256;
	/** 2-level event channels on 64-bit: ports 1..4095. */
	public static final int MAX_PORTS_2L = EventChannels.USABLE_PORTS_2L;

	private GuestFacts() {
	}

	/** The guest's grant-table (the last one if it is given twice, XG001), or null. */
	public static GrantTable grantTable(Guest g) {
		return g.getGrantTables().isEmpty() ? null : g.getGrantTables().get(g.getGrantTables().size() - 1);
	}

	/** The guest's debug stub (the last one if it is given twice, XG001), or null. */
	public static DebugStub debugStub(Guest g) {
		return g.getDebugStubs().isEmpty() ? null : g.getDebugStubs().get(g.getDebugStubs().size() - 1);
	}

	public static int vcpus(Guest g) {
		return g.getVcpus() != null ? g.getVcpus() : DEFAULT_VCPUS;
	}

	public static int eventChannels(Guest g) {
		return g.getEventChannels() != null ? g.getEventChannels() : DEFAULT_EVENT_CHANNELS;
	}

	public static int grantVersion(Guest g) {
		return grantTable(g) != null && grantTable(g).getVersion() != null ? grantTable(g).getVersion()
				: DEFAULT_GRANT_VERSION;
	}

	public static int grantFrames(Guest g) {
		return grantTable(g) != null && grantTable(g).getFrames() != null ? grantTable(g).getFrames()
				: DEFAULT_GRANT_FRAMES;
	}

	public static int rxRing(Netfront n) {
		return n.getRxRing() != null ? n.getRxRing() : DEFAULT_NET_RING;
	}

	public static int txRing(Netfront n) {
		return n.getTxRing() != null ? n.getTxRing() : DEFAULT_NET_RING;
	}

	public static int backend(Netfront n) {
		return n.getBackend() != null ? n.getBackend() : 0;
	}

	public static List<Netfront> netfronts(Guest g) {
		List<Netfront> result = new ArrayList<>();
		for (Device d : g.getDevices()) {
			if (d instanceof Netfront) {
				result.add((Netfront) d);
			}
		}
		return result;
	}

	/** The netfront's vif index: its {@code index} or, without one, its position among the guest's netfronts. */
	public static int index(Netfront n) {
		if (n.getIndex() != null) {
			return n.getIndex();
		}
		EObject c = n.eContainer();
		return c instanceof Guest ? netfronts((Guest) c).indexOf(n) : 0;
	}
}

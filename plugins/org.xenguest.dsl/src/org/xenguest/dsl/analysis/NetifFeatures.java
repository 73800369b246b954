package org.xenguest.dsl.analysis;

import java.util.List;
import java.util.Optional;

/**
 * The netfront features a model may list, by the name the DSL uses (the xenstore key without
 * its {@code feature-} or {@code request-} prefix). Keys from Xen 4.17's {@code io/netif.h}, plus
 * {@code sg} and {@code rx-copy}, which Linux's and Mini-OS's netfront/netback negotiate
 * ({@code feature-sg}, {@code feature-rx-copy}/{@code request-rx-copy}).
 */
public enum NetifFeatures {
	SG("sg", "feature-sg"),
	GSO_TCPV4("gso-tcpv4", "feature-gso-tcpv4"),
	GSO_TCPV6("gso-tcpv6", "feature-gso-tcpv6"),
	RX_NOTIFY("rx-notify", "feature-rx-notify"),
	RX_COPY("rx-copy", "request-rx-copy"),
	NO_CSUM_OFFLOAD("no-csum-offload", "feature-no-csum-offload"),
	IPV6_CSUM_OFFLOAD("ipv6-csum-offload", "feature-ipv6-csum-offload"),
	MULTICAST_CONTROL("multicast-control", "request-multicast-control"),
	DYNAMIC_MULTICAST_CONTROL("dynamic-multicast-control", "feature-dynamic-multicast-control"),
	SPLIT_EVENT_CHANNELS("split-event-channels", "feature-split-event-channels"),
	CTRL_RING("ctrl-ring", "feature-ctrl-ring");

	private final String dslName;
	private final String xenstoreKey;

	NetifFeatures(String dslName, String xenstoreKey) {
		this.dslName = dslName;
		this.xenstoreKey = xenstoreKey;
	}

	public String dslName() {
		return dslName;
	}

	/** The key the frontend writes (or, for request-*, the request it makes) in its xenstore directory. */
	public String xenstoreKey() {
		return xenstoreKey;
	}

	public static Optional<NetifFeatures> byName(String name) {
		for (NetifFeatures f : values()) {
			if (f.dslName.equals(name)) {
				return Optional.of(f);
			}
		}
		return Optional.empty();
	}

	public static List<String> dslNames() {
		return java.util.Arrays.stream(values()).map(NetifFeatures::dslName).toList();
	}
}

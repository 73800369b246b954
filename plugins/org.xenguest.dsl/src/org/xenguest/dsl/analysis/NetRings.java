package org.xenguest.dsl.analysis;

import org.xenguest.abi.RingLayout;

/**
 * The one rule for a netfront's rx-ring and tx-ring sizes: a power of two of entries, at most as
 * many as fit one 4 KiB page (__CONST_RING_SIZE of netif_tx and netif_rx). The validator reports
 * XG401 with it; the generator's plan can ask the same question instead of deriving it again.
 */
public final class NetRings {
	/** The largest ring of either direction that fits one page. */
	public static final int MAX = Math.min(RingLayout.NETIF_RX_RING_SIZE, RingLayout.NETIF_TX_RING_SIZE);

	private NetRings() {
	}

	/** True if a ring of {@code size} entries is one netfront can set up. */
	public static boolean isValid(int size) {
		return size >= 1 && size <= MAX && Integer.bitCount(size) == 1;
	}

	/** The ring size to suggest instead of {@code size}: the largest valid one not above it (1 for none). */
	public static int suggestion(int size) {
		return Math.min(MAX, Integer.highestOneBit(Math.max(1, size)));
	}
}

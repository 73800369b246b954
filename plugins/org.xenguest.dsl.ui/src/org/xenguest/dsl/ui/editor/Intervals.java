package org.xenguest.dsl.ui.editor;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of text ranges [start, end) kept sorted and disjoint; ranges closer than {@link #GAP}
 * characters are merged (repainting a little more beats thousands of small repaints). Moves with
 * document edits. Not thread-safe.
 */
final class Intervals {
	static final int GAP = 256;
	private final List<int[]> list = new ArrayList<>();

	boolean isEmpty() {
		return list.isEmpty();
	}

	void clear() {
		list.clear();
	}

	int size() {
		return list.size();
	}

	void add(int start, int end) {
		if (end <= start) {
			return;
		}
		int n = list.size();
		if (n > 0) {
			int[] last = list.get(n - 1);
			if (start >= last[0]) { // the usual case: ranges come in order
				if (start <= last[1] + GAP) {
					last[1] = Math.max(last[1], end);
				} else {
					list.add(new int[] { start, end });
				}
				return;
			}
		}
		// general case: insert, then merge with the neighbours it reaches
		int i = 0;
		while (i < n && list.get(i)[1] + GAP < start) {
			i++;
		}
		int s = start;
		int e = end;
		while (i < list.size() && list.get(i)[0] <= e + GAP) {
			int[] r = list.remove(i);
			s = Math.min(s, r[0]);
			e = Math.max(e, r[1]);
		}
		list.add(i, new int[] { s, e });
	}

	/**
	 * Removes [from, to) from the set; returns the smallest range covering what was removed, or
	 * null if nothing in the set overlapped it.
	 */
	int[] take(int from, int to) {
		int[] span = null;
		List<int[]> kept = new ArrayList<>(list.size() + 1);
		for (int[] r : list) {
			int s = Math.max(r[0], from);
			int e = Math.min(r[1], to);
			if (e <= s) {
				kept.add(r);
				continue;
			}
			span = span == null ? new int[] { s, e } : new int[] { Math.min(span[0], s), Math.max(span[1], e) };
			if (r[0] < s) {
				kept.add(new int[] { r[0], s });
			}
			if (e < r[1]) {
				kept.add(new int[] { e, r[1] });
			}
		}
		if (span != null) {
			list.clear();
			list.addAll(kept);
		}
		return span;
	}

	/** Follows an edit that replaced [changeStart, changeEnd) by text {@code delta} longer. */
	void shift(int changeStart, int changeEnd, int delta) {
		for (int[] r : list) {
			if (r[0] > changeEnd) {
				r[0] += delta;
				r[1] += delta;
			} else if (r[1] >= changeStart) { // touches the edit: keep covering what replaced it
				r[0] = Math.min(r[0], changeStart);
				r[1] = Math.max(r[1], changeEnd) + delta;
			}
		}
	}

	/** The ranges, for tests and debugging. */
	List<int[]> ranges() {
		return list.stream().map(int[]::clone).toList();
	}
}

package org.xenguest.dsl.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** "Did you mean" suggestions: the known names closest to a misspelt one (edit distance). */
public final class NearestNames {
	private NearestNames() {
	}

	/**
	 * Up to {@code max} candidates within a distance that grows with the word's length, nearest
	 * first (ties in the candidates' own order).
	 */
	public static List<String> nearest(String word, Iterable<String> candidates, int max) {
		List<String> result = new ArrayList<>();
		if (word == null || word.isEmpty()) {
			return result;
		}
		String w = word.toLowerCase();
		int limit = Math.max(2, w.length() / 3);
		List<Object[]> scored = new ArrayList<>();
		int order = 0;
		for (String c : candidates) {
			int d = distance(w, c.toLowerCase());
			if (c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase())) {
				d = Math.min(d, 1);
			}
			if (d <= limit) {
				scored.add(new Object[] { c, d, order });
			}
			order++;
		}
		scored.sort(Comparator.<Object[]>comparingInt(o -> (Integer) o[1]).thenComparingInt(o -> (Integer) o[2]));
		for (Object[] o : scored) {
			if (result.size() == max) {
				break;
			}
			result.add((String) o[0]);
		}
		return result;
	}

	/** Levenshtein distance with transpositions counted as one edit. */
	public static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

	/** "a, b or c" for messages. */
	public static String orList(List<String> names) {
		if (names.isEmpty()) {
			return "";
		}
		if (names.size() == 1) {
			return names.get(0);
		}
		return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
	}
}

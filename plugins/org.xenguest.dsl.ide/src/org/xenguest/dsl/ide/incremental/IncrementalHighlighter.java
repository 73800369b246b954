package org.xenguest.dsl.ide.incremental;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.xtext.ide.editor.syntaxcoloring.HighlightingStyles;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.tasks.Task;
import org.eclipse.xtext.util.CancelIndicator;
import org.xenguest.dsl.ide.highlighting.XenguestSemanticHighlightingCalculator;

import com.google.inject.Inject;

/**
 * Semantic highlighting as {@link XenguestSemanticHighlightingCalculator#provideHighlightingFor}
 * computes it, reusing the ranges of each guest whose text is that of the previous call (colours
 * depend on a guest's own text only, not on where it is). One instance per document, called from
 * one thread at a time.
 */
public class IncrementalHighlighter {
	/** One highlighted range; the last of a range's style ids wins, as in the editor. */
	public record Range(int offset, int length, String styleId) {
		Range moved(int delta) {
			return new Range(offset + delta, length, styleId);
		}
	}

	@Inject
	private XenguestSemanticHighlightingCalculator calculator;
	@Inject
	private NodeTaskFinder taskFinder;

	private Map<String, List<Range>> previous = Map.of();
	private int lastReused;

	/** The ranges of {@code resource}, in no particular order. */
	public List<Range> highlight(XtextResource resource, CancelIndicator cancel) {
		List<Range> result = new ArrayList<>();
		if (resource.getParseResult() == null || resource.getParseResult().getRootASTElement() == null) {
			return result; // as the calculator: no model, no colours (not even task tags)
		}
		Map<String, List<Range>> now = new HashMap<>();
		int reused = 0;
		List<GuestRegion> regions = GuestRegion.of(resource);
		for (GuestRegion region : regions) {
			if (cancel.isCanceled()) {
				return result;
			}
			List<Range> relative = region.reusable() ? previous.get(region.text()) : null;
			if (relative == null) {
				List<Range> fresh = new ArrayList<>();
				calculator.highlightSubtree(region.guest(), acceptor(fresh), cancel);
				tasks(NodeModelUtils.getNode(region.guest()), resource, fresh);
				result.addAll(fresh);
				relative = fresh.stream().map(r -> r.moved(-region.offset())).toList();
			} else {
				reused++;
				relative.forEach(r -> result.add(r.moved(region.offset())));
			}
			if (region.reusable()) {
				now.put(region.text(), relative);
			}
		}
		// task tags in the comments between and after the guests
		Set<INode> guestNodes = new HashSet<>();
		regions.forEach(r -> guestNodes.add(NodeModelUtils.getNode(r.guest())));
		tasksOutside(resource.getParseResult().getRootNode(), guestNodes, resource, result);
		previous = now;
		lastReused = reused;
		return result;
	}

	/** How many guests the last call took from the previous one. */
	public int lastReused() {
		return lastReused;
	}

	private void tasksOutside(ICompositeNode node, Set<INode> guestNodes, XtextResource resource, List<Range> into) {
		for (INode child : node.getChildren()) {
			if (child instanceof ICompositeNode composite) {
				if (!guestNodes.contains(composite)) {
					tasksOutside(composite, guestNodes, resource, into);
				}
			} else {
				tasks(child, resource, into);
			}
		}
	}

	private void tasks(INode node, XtextResource resource, List<Range> into) {
		if (node != null) {
			for (Task task : taskFinder.findTasks(node, resource)) {
				into.add(new Range(task.getOffset(), task.getTagLength(), HighlightingStyles.TASK_ID));
			}
		}
	}

	private static IHighlightedPositionAcceptor acceptor(List<Range> into) {
		return (offset, length, ids) -> {
			if (length > 0 && ids.length > 0) {
				into.add(new Range(offset, length, ids[ids.length - 1]));
			}
		};
	}
}

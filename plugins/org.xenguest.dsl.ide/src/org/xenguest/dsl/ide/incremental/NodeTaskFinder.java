package org.xenguest.dsl.ide.incremental;

import java.util.List;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.tasks.DefaultTaskFinder;
import org.eclipse.xtext.tasks.ITaskTagProvider;
import org.eclipse.xtext.tasks.Task;

import com.google.inject.Inject;

/** Xtext's task finder (TODO, FIXME in comments) over one node instead of a whole resource. */
public class NodeTaskFinder extends DefaultTaskFinder {
	@Inject
	private ITaskTagProvider tags;

	/** The tasks in {@code node}'s comments (all of them if it is a composite), at their offsets in the file. */
	public List<Task> findTasks(INode node, Resource resource) {
		if (node instanceof ILeafNode leaf) {
			return canContainTaskTags(leaf) ? findTasks(leaf, tags.getTaskTags(resource)) : List.of();
		}
		return findTasks((ICompositeNode) node, tags.getTaskTags(resource));
	}
}

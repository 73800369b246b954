package org.xenguest.dsl.ui.editor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.AnnotationModelEvent;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.jface.text.source.IAnnotationModelListener;
import org.eclipse.jface.text.source.IAnnotationModelListenerExtension;
import org.eclipse.ui.texteditor.MarkerAnnotation;
import org.xenguest.dsl.ui.builder.XenguestBuilder;

/**
 * One problem per diagnostic in an open editor: the live analysis and the builder run the same
 * validator on the same text, so once the live annotations are showing, the annotations of the
 * builder's markers (which arrive after each save) are marked deleted, as Xtext's editors do.
 * Marked-deleted annotations are not painted (text, vertical and overview rulers) nor hovered;
 * the markers themselves stay in the Problems view.
 */
final class BuilderMarkerHider implements IAnnotationModelListener, IAnnotationModelListenerExtension {
	private final IAnnotationModel model;

	private BuilderMarkerHider(IAnnotationModel model) {
		this.model = model;
	}

	/** Hides the builder's annotations in {@code model} now and whenever they come back; returns the listener. */
	static BuilderMarkerHider install(IAnnotationModel model) {
		BuilderMarkerHider hider = new BuilderMarkerHider(model);
		model.addAnnotationModelListener(hider);
		hider.hideAll();
		return hider;
	}

	void uninstall() {
		model.removeAnnotationModelListener(this);
	}

	IAnnotationModel model() {
		return model;
	}

	void hideAll() {
		List<Annotation> all = new ArrayList<>();
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			all.add(it.next());
		}
		all.forEach(this::hide);
	}

	@Override
	public void modelChanged(IAnnotationModel changed) {
		hideAll(); // an event without details
	}

	@Override
	public void modelChanged(AnnotationModelEvent event) {
		if (event.isWorldChange()) {
			hideAll();
			return;
		}
		for (Annotation a : event.getAddedAnnotations()) {
			hide(a);
		}
		for (Annotation a : event.getChangedAnnotations()) {
			hide(a);
		}
	}

	private void hide(Annotation a) {
		if (a.isMarkedDeleted() || !isBuilderProblem(a)) {
			return;
		}
		a.markDeleted(true);
		Position p = model.getPosition(a);
		if (p != null && model instanceof IAnnotationModelExtension ext) {
			ext.modifyAnnotationPosition(a, p); // tells the painters (an 'annotation changed' event)
		}
	}

	static boolean isBuilderProblem(Annotation a) {
		if (!(a instanceof MarkerAnnotation ma)) {
			return false;
		}
		IMarker marker = ma.getMarker();
		try {
			return marker.exists() && marker.isSubtypeOf(XenguestBuilder.MARKER);
		} catch (CoreException e) {
			return false;
		}
	}
}

package org.xenguest.dsl.ui.builder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.QualifiedName;
import org.eclipse.core.runtime.Status;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.xenguest.dsl.generator.GeneratedOutput;
import org.xenguest.dsl.ui.XenguestLanguage;
import org.xenguest.dsl.validation.XenguestIssueCodes;
import org.xenguest.dsl.ui.XenguestUiPlugin;
import org.xenguest.dsl.ui.preferences.XenguestPreferences;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.Model;
import org.xenguest.dsl.xenguest.XenguestPackage;

/**
 * Checks every changed model into Problems-view markers (line, column, code and quick-fix data)
 * and generates code for the models without errors into the output folder, removing files a
 * model no longer generates (or generated before it was deleted). Generated files are named after
 * the guest, so two models of a project that declare the same guest are refused as
 * {@code xenguest generate} refuses them: a {@link #CLASH_MARKER} on each declaration, and
 * neither model generates (what one generated before stays as it was) until one is renamed.
 */
public class XenguestBuilder extends IncrementalProjectBuilder {
	public static final String ID = "org.xenguest.dsl.ui.xenguestBuilder";
	public static final String MARKER = "org.xenguest.dsl.ui.problem";
	/**
	 * A guest declared in two models of the project (code XG002). A type of its own, not a subtype
	 * of {@link #MARKER}: an open editor's live analysis sees one file only, so this marker's
	 * annotation is not hidden behind the live annotations as the builder's others are.
	 */
	public static final String CLASH_MARKER = "org.xenguest.dsl.ui.guestClash";
	/** Marker attribute: the diagnostic code, e.g. XG101. */
	public static final String CODE = "code";
	/** Marker attribute: the issue data (quick-fix arguments), one per line. */
	public static final String DATA = "data";
	/** Marker attribute: the 1-based column. */
	public static final String COLUMN = "column";
	/** Project property per model: the files it generated, project-relative, one per line. */
	private static final String GENERATED = "output:";
	/** The same as written by earlier builds: relative to the output folder of the time (read once, then replaced). */
	private static final String LEGACY_GENERATED = "generated:";

	/** Where a guest is declared: its name's place in the model. */
	private record Declaration(IPath model, String name, int line, int column, int offset, int length) {
	}

	/** A model parsed and checked, with its guests' declarations. */
	private record Analysis(IFile file, XtextResource resource, List<Issue> issues, List<Declaration> guests) {
	}

	/** The guests each model of the project declared at its last check; null until this session's first build. */
	private Map<IPath, List<Declaration>> declared;
	/** The models that had a guest of another model at the last build. */
	private Set<IPath> clashing = Set.of();

	/**
	 * Builds every open Xen guest project again, in a workspace job (the caller, often the UI
	 * thread, does not wait): after the generator settings changed.
	 */
	public static org.eclipse.core.runtime.jobs.Job rebuildAll() {
		org.eclipse.core.resources.WorkspaceJob job = new org.eclipse.core.resources.WorkspaceJob("Building Xen guest projects") {
			@Override
			public org.eclipse.core.runtime.IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
				for (IProject project : org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
					if (project.isAccessible() && project.hasNature(XenguestNature.ID)) {
						project.build(FULL_BUILD, ID, null, monitor);
					}
				}
				return Status.OK_STATUS;
			}
		};
		job.setRule(org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRuleFactory().buildRule());
		job.schedule();
		return job;
	}

	@Override
	protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
		// the first build of a session knows no model's guests yet: it checks every model
		IResourceDelta delta = kind == FULL_BUILD || declared == null ? null : getDelta(getProject());
		List<IFile> changed = new ArrayList<>();
		if (delta == null) {
			declared = new HashMap<>();
			getProject().accept(r -> {
				if (r instanceof IFile f && isModel(f)) {
					changed.add(f);
				}
				return !(r instanceof IFolder folder && isOutput(folder));
			});
		} else {
			List<IPath> removed = new ArrayList<>();
			delta.accept(d -> {
				if (d.getResource() instanceof IFile f && isModel(f)) {
					if (d.getKind() == IResourceDelta.REMOVED) {
						removed.add(f.getProjectRelativePath());
					} else if (d.getKind() == IResourceDelta.ADDED || (d.getFlags() & IResourceDelta.CONTENT) != 0
							|| (d.getFlags() & IResourceDelta.REPLACED) != 0) {
						changed.add(f);
					}
				}
				return !(d.getResource() instanceof IFolder folder && isOutput(folder));
			});
			for (IPath path : removed) {
				declared.remove(path);
				writeGenerated(path, Set.of(), Map.of());
			}
		}
		Map<IPath, Analysis> analysed = new LinkedHashMap<>();
		for (IFile model : changed) {
			checkCanceled(monitor);
			Analysis a = analyse(model);
			analysed.put(model.getProjectRelativePath(), a);
			declared.put(model.getProjectRelativePath(), a.guests());
		}
		Map<IPath, List<Issue>> clashes = clashes();
		// a model that did not change but whose guest clashed before, or clashes now, is marked and generated again
		Set<IPath> again = new LinkedHashSet<>(clashing);
		again.addAll(clashes.keySet());
		for (IPath path : again) {
			IFile model = getProject().getFile(path);
			if (!analysed.containsKey(path) && model.exists()) {
				checkCanceled(monitor);
				analysed.put(path, analyse(model));
			}
		}
		clashing = clashes.keySet();
		for (Analysis a : analysed.values()) {
			checkCanceled(monitor);
			mark(a, clashes.getOrDefault(a.file().getProjectRelativePath(), List.of()));
		}
		return null;
	}

	/**
	 * For each model with a guest that another model declares too, an issue on each such
	 * declaration naming the other (the first other model, in path order).
	 */
	private Map<IPath, List<Issue>> clashes() {
		Map<String, List<Declaration>> byName = new TreeMap<>();
		declared.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(IPath::toPortableString)))
				.forEach(e -> e.getValue().forEach(d -> byName.computeIfAbsent(d.name(), n -> new ArrayList<>()).add(d)));
		Map<IPath, List<Issue>> clashes = new HashMap<>();
		for (List<Declaration> same : byName.values()) {
			if (same.stream().map(Declaration::model).distinct().count() < 2) {
				continue; // one model (twice in one file is the validator's XG002)
			}
			for (Declaration d : same) {
				Declaration other = same.stream().filter(o -> !o.model().equals(d.model())).findFirst().orElseThrow();
				Issue.IssueImpl issue = new Issue.IssueImpl();
				issue.setSeverity(Severity.ERROR);
				issue.setCode(XenguestIssueCodes.DUPLICATE_GUEST);
				issue.setMessage("guest '" + d.name() + "' is also declared in " + other.model().toPortableString()
						+ " (line " + other.line() + "): generated files are named after the guest, so both models would"
						+ " write the same ones, and neither generates until one is renamed. Rename one of them.");
				issue.setLineNumber(d.line());
				issue.setColumn(d.column());
				issue.setOffset(d.offset());
				issue.setLength(d.length());
				issue.setData(new String[] { freeName(d.name()) });
				clashes.computeIfAbsent(d.model(), m -> new ArrayList<>()).add(issue);
			}
		}
		return clashes;
	}

	/** name_2, name_3, ...: the first that no model of the project declares. */
	private String freeName(String name) {
		Set<String> taken = new HashSet<>();
		declared.values().forEach(ds -> ds.forEach(d -> taken.add(d.name())));
		for (int i = 2;; i++) {
			if (!taken.contains(name + "_" + i)) {
				return name + "_" + i;
			}
		}
	}

	@Override
	protected void clean(IProgressMonitor monitor) throws CoreException {
		getProject().deleteMarkers(MARKER, true, IResource.DEPTH_INFINITE);
		getProject().deleteMarkers(CLASH_MARKER, true, IResource.DEPTH_INFINITE);
		declared = null;
		clashing = Set.of();
		for (Map.Entry<QualifiedName, String> e : getProject().getPersistentProperties().entrySet()) {
			String name = e.getKey().getLocalName();
			if (e.getKey().getQualifier().equals(XenguestUiPlugin.ID)) {
				for (String prefix : new String[] { GENERATED, LEGACY_GENERATED }) {
					if (name.startsWith(prefix)) {
						writeGenerated(IPath.fromPortableString(name.substring(prefix.length())), Set.of(), Map.of());
					}
				}
			}
		}
	}

	private Analysis analyse(IFile file) throws CoreException {
		String text;
		try (InputStream in = file.getContents(true)) {
			text = new String(in.readAllBytes(), file.getCharset());
		} catch (IOException e) {
			throw new CoreException(Status.error("cannot read " + file.getFullPath(), e));
		}
		XtextResource resource = XenguestLanguage.parse(file.getName(), text);
		List<Issue> issues = XenguestLanguage.validate(resource, CancelIndicator.NullImpl);
		List<Declaration> guests = new ArrayList<>();
		if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Model model) {
			Set<String> seen = new HashSet<>();
			for (Guest g : model.getGuests()) {
				List<INode> name = NodeModelUtils.findNodesForFeature(g, XenguestPackage.Literals.GUEST__NAME);
				if (g.getName() != null && !name.isEmpty() && seen.add(g.getName())) {
					INode n = name.get(0);
					int column = n.getOffset() - (text.lastIndexOf('\n', n.getOffset() - 1) + 1) + 1;
					guests.add(new Declaration(file.getProjectRelativePath(), g.getName(), n.getStartLine(), column,
							n.getOffset(), n.getLength()));
				}
			}
		}
		return new Analysis(file, resource, issues, guests);
	}

	/** The model's markers; its generated files unless it has errors or a guest of another model. */
	private void mark(Analysis a, List<Issue> clashes) throws CoreException {
		IFile file = a.file();
		file.deleteMarkers(MARKER, false, IResource.DEPTH_ZERO);
		file.deleteMarkers(CLASH_MARKER, false, IResource.DEPTH_ZERO);
		boolean errors = !clashes.isEmpty();
		for (Issue issue : a.issues()) {
			createMarker(file, issue);
			errors |= issue.getSeverity() == Severity.ERROR;
		}
		for (Issue clash : clashes) {
			createMarker(file, clash, CLASH_MARKER);
		}
		if (errors || !XenguestPreferences.generateOnBuild()) {
			return; // keep what the last good version generated
		}
		XtextResource resource = a.resource();
		var generator = GeneratorWiring.generator();
		if (generator.isPresent() && !resource.getContents().isEmpty()) {
			// the kinds of output the preferences leave out are not written, and their old files go
			SortedMap<String, String> files = GeneratedOutput.only(
					generator.get().generate((Model) resource.getContents().get(0), file.getName()),
					XenguestPreferences.outputs());
			writeGenerated(file.getProjectRelativePath(), files.keySet(), files);
		}
	}

	static IMarker createMarker(IFile file, Issue issue) throws CoreException {
		return createMarker(file, issue, MARKER);
	}

	private static IMarker createMarker(IFile file, Issue issue, String type) throws CoreException {
		IMarker marker = file.createMarker(type);
		int line = issue.getLineNumber() == null ? 1 : issue.getLineNumber();
		int column = issue.getColumn() == null ? 1 : issue.getColumn();
		int offset = issue.getOffset() == null ? 0 : issue.getOffset();
		int length = issue.getLength() == null ? 0 : issue.getLength();
		marker.setAttributes(new String[] { IMarker.MESSAGE, IMarker.SEVERITY, IMarker.LINE_NUMBER, IMarker.CHAR_START,
				IMarker.CHAR_END, IMarker.LOCATION, CODE, DATA, COLUMN },
				new Object[] { issue.getMessage(), severity(issue.getSeverity()), line, offset, offset + length,
						"line " + line + ", column " + column, issue.getCode(),
						issue.getData() == null ? "" : String.join("\n", issue.getData()), column });
		return marker;
	}

	private static int severity(Severity s) {
		return switch (s) {
		case ERROR -> IMarker.SEVERITY_ERROR;
		case WARNING -> IMarker.SEVERITY_WARNING;
		default -> IMarker.SEVERITY_INFO;
		};
	}

	/**
	 * Writes {@code files} under the output folder and deletes what {@code model} generated last
	 * time but not now; the list of generated files is kept as a project property, so it survives
	 * the model's deletion.
	 */
	private void writeGenerated(IPath model, Set<String> paths, Map<String, String> files) throws CoreException {
		IProject project = getProject();
		IFolder output = project.getFolder(XenguestPreferences.outputFolder());
		// project-relative paths: after the output folder changed, the old folder's files are found too
		QualifiedName key = new QualifiedName(XenguestUiPlugin.ID, GENERATED + model.toPortableString());
		Set<IPath> previous = new LinkedHashSet<>(paths(project.getPersistentProperty(key), IPath.EMPTY));
		QualifiedName legacy = new QualifiedName(XenguestUiPlugin.ID, LEGACY_GENERATED + model.toPortableString());
		previous.addAll(paths(project.getPersistentProperty(legacy), output.getProjectRelativePath()));
		project.setPersistentProperty(legacy, null);
		Set<IPath> now = new LinkedHashSet<>();
		paths.forEach(p -> now.add(output.getProjectRelativePath().append(p)));
		for (IPath old : previous) {
			if (!now.contains(old)) {
				IFile stale = project.getFile(old);
				if (stale.exists()) {
					stale.delete(true, null);
				}
				deleteIfEmptyAndDerived(stale.getParent());
			}
		}
		for (Map.Entry<String, String> e : files.entrySet()) {
			IFile target = output.getFile(e.getKey());
			byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
			if (target.exists()) {
				try (InputStream in = target.getContents(true)) {
					if (java.util.Arrays.equals(in.readAllBytes(), bytes)) {
						continue; // unchanged: no resource delta, no rebuild downstream
					}
				} catch (IOException ex) {
					// rewrite it
				}
				target.setContents(new ByteArrayInputStream(bytes), IResource.FORCE, null);
			} else {
				createFolders(target.getParent());
				target.create(new ByteArrayInputStream(bytes), IResource.FORCE | IResource.DERIVED, null);
			}
		}
		project.setPersistentProperty(key, now.isEmpty() ? null
				: String.join("\n", now.stream().map(IPath::toPortableString).toList()));
	}

	/** The paths of a generated-files property, one per line, under {@code base}. */
	private static List<IPath> paths(String property, IPath base) {
		List<IPath> paths = new ArrayList<>();
		if (property != null) {
			for (String line : property.split("\n")) {
				if (!line.isEmpty()) {
					paths.add(base.append(line));
				}
			}
		}
		return paths;
	}

	/** Folders the builder created (derived) go when their last generated file went; a user's folder stays. */
	private static void deleteIfEmptyAndDerived(IContainer container) throws CoreException {
		while (container instanceof IFolder folder && folder.exists() && folder.isDerived() && folder.members().length == 0) {
			IContainer parent = folder.getParent();
			folder.delete(true, null);
			container = parent;
		}
	}

	private static void createFolders(IContainer container) throws CoreException {
		if (container instanceof IFolder folder && !folder.exists()) {
			createFolders(folder.getParent());
			folder.create(IResource.FORCE | IResource.DERIVED, true, null);
		}
	}

	private static boolean isModel(IFile f) {
		return XenguestUiPlugin.FILE_EXTENSION.equals(f.getFileExtension());
	}

	private boolean isOutput(IFolder folder) {
		return folder.getProjectRelativePath().equals(IPath.fromPortableString(XenguestPreferences.outputFolder()));
	}

	private static void checkCanceled(IProgressMonitor monitor) {
		if (monitor != null && monitor.isCanceled()) {
			throw new org.eclipse.core.runtime.OperationCanceledException();
		}
	}
}

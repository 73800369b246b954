package org.xenguest.dsl.ui.editor;

import java.util.List;

import org.eclipse.jface.text.templates.GlobalTemplateVariables;
import org.eclipse.jface.text.templates.Template;
import org.eclipse.jface.text.templates.TemplateContextType;

/**
 * Templates offered by content assist: a guest, a netfront device and a port of each kind. Each
 * is proposed only where its leading keyword is legal (the ide proposal provider says so).
 */
public final class XenguestTemplates {
	public static final String CONTEXT_TYPE = "org.xenguest.dsl.ui.templates";

	/** A template and the keyword that must be proposable at the caret for it to apply. */
	public record Entry(String keyword, Template template) {
	}

	public static final List<Entry> ALL = List.of(
			entry("guest", "guest", "a PVH guest with xenstore and console ports",
					"guest ${name} {\n    type pvh\n    vcpus 1\n    memory 128M\n    event-channels 64\n    grant-table version 1 frames 1\n\n    port store   : xenstore\n    port console : console\n    ${cursor}\n}\n"),
			entry("netfront", "netfront", "a network device with its event-channel port",
					"netfront ${name} {\n    backend 0\n    port ${port}\n    rx-ring 256\n    tx-ring 256\n    features sg rx-notify\n}"),
			entry("port", "port xenstore", "the xenstore ring's port", "port ${name} : xenstore${cursor}"),
			entry("port", "port console", "the console ring's port", "port ${name} : console${cursor}"),
			entry("port", "port virq", "a virtual IRQ bound with EVTCHNOP_bind_virq",
					"port ${name} : virq ${timer} handler on_${name}${cursor}"),
			entry("port", "port unbound", "a port a backend in domain 0 binds to",
					"port ${name} : unbound remote 0 handler on_${name}${cursor}"),
			entry("port", "port interdomain", "a port bound to another domain's port",
					"port ${name} : interdomain remote 0 port 1 handler on_${name}${cursor}"),
			entry("port", "port ipi", "an inter-processor interrupt between this guest's vCPUs",
					"port ${name} : ipi handler on_${name}${cursor}"));

	private XenguestTemplates() {
	}

	private static Entry entry(String keyword, String name, String description, String pattern) {
		return new Entry(keyword, new Template(name, description, CONTEXT_TYPE, pattern, true));
	}

	public static TemplateContextType contextType() {
		TemplateContextType type = new TemplateContextType(CONTEXT_TYPE, "Xen guest model");
		type.addResolver(new GlobalTemplateVariables.Cursor());
		return type;
	}
}

package org.xenguest.dsl.ui.wizards;

/** The models the wizards create: valid, small, and a starting point for the user's own guest. */
public final class ModelTexts {
	private ModelTexts() {
	}

	/** A guest named {@code name} with the ports every PV guest needs. */
	public static String minimalGuest(String name) {
		return "// " + name + ".xenguest: what the guest asks of Xen\n"
				+ "guest " + name + " {\n"
				+ "    type pvh\n"
				+ "    vcpus 1\n"
				+ "    memory 128M\n"
				+ "    event-channels 64\n"
				+ "    grant-table version 1 frames 1\n"
				+ "\n"
				+ "    port store   : xenstore\n"
				+ "    port console : console\n"
				+ "    port timer   : virq timer handler on_timer\n"
				+ "}\n";
	}

	/** The example of a new project: a unikernel with one network interface. */
	public static String exampleGuest(String name) {
		return "// " + name + ".xenguest: a unikernel with one network interface\n"
				+ "guest " + name + " {\n"
				+ "    type pvh\n"
				+ "    vcpus 1\n"
				+ "    memory 256M\n"
				+ "    event-channels 1023\n"
				+ "    grant-table version 1 frames 4\n"
				+ "\n"
				+ "    port store   : xenstore\n"
				+ "    port console : console\n"
				+ "    port timer   : virq timer handler on_timer\n"
				+ "    port net0    : unbound remote 0 handler on_net0 vcpu 0\n"
				+ "\n"
				+ "    xenstore {\n"
				+ "        \"control/shutdown\" watch handler on_shutdown\n"
				+ "    }\n"
				+ "\n"
				+ "    netfront net0 {\n"
				+ "        backend 0\n"
				+ "        port net0\n"
				+ "        rx-ring 256\n"
				+ "        tx-ring 256\n"
				+ "        features sg rx-notify\n"
				+ "    }\n"
				+ "}\n";
	}

	/** A C identifier made of a file or project name. */
	public static String guestName(String base) {
		String name = base.replaceAll("[^A-Za-z0-9_]", "_");
		if (name.isEmpty() || Character.isDigit(name.charAt(0)) || name.startsWith("_")) {
			name = "guest_" + name.replaceAll("^_+", "");
		}
		return name;
	}
}

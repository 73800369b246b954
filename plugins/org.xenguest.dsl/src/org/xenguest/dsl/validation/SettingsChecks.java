package org.xenguest.dsl.validation;

import static org.xenguest.dsl.validation.XenguestIssueCodes.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.xtext.validation.Check;
import org.xenguest.abi.RingLayout;
import org.xenguest.abi.SharedInfoLayout;
import org.xenguest.dsl.analysis.GuestFacts;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.Model;
import org.xenguest.dsl.xenguest.XenguestPackage.Literals;

/** The model's and each guest's own settings: unique guest names, settings given once, vcpus, memory, event-channels. */
public class SettingsChecks extends XenguestChecks {
	/** Largest vCPU count of a PVH/HVM guest (HVM_MAX_VCPUS in Xen 4.17). */
	public static final int MAX_VCPUS = 128;
	/** XEN_LEGACY_MAX_VCPUS: vcpu_info slots in shared_info. */
	public static final int LEGACY_MAX_VCPUS = SharedInfoLayout.XEN_LEGACY_MAX_VCPUS;
	public static final int PAGE_SIZE = RingLayout.PAGE_SIZE;

	@Check
	public void checkGuestNames(Model model) {
		Map<String, Guest> seen = new HashMap<>();
		for (Guest g : model.getGuests()) {
			if (g.getName() == null) {
				continue;
			}
			Guest first = seen.putIfAbsent(g.getName(), g);
			if (first != null) {
				error("guest '" + g.getName() + "' is declared twice in this file (first at line " + line(first)
						+ "): generated code and tools name a guest by its name. Rename one of them.", g,
						Literals.GUEST__NAME, DUPLICATE_GUEST, freeName(g.getName(), seen.keySet()));
			}
		}
	}

	@Check
	public void checkGuestSettings(Guest g) {
		duplicateSettings(g, "guest", Literals.GUEST__TYPE, Literals.GUEST__ROLE, Literals.GUEST__VCPUS, Literals.GUEST__MEMORY,
				Literals.GUEST__EVENT_CHANNELS, Literals.GUEST__GRANT_TABLES, Literals.GUEST__DEBUG_STUBS);
		identifier(g, g.getName(), Literals.GUEST__NAME, "guest");
		Integer vcpus = g.getVcpus();
		if (vcpus != null) {
			if (vcpus < 1 || vcpus > MAX_VCPUS) {
				error("vcpus " + vcpus + " is out of range: a PVH or HVM guest has 1 to " + MAX_VCPUS
						+ " vCPUs (HVM_MAX_VCPUS). Set vcpus between 1 and " + MAX_VCPUS + ".", g, Literals.GUEST__VCPUS,
						VCPUS_RANGE);
			} else if (vcpus > LEGACY_MAX_VCPUS) {
				warning("vcpus " + vcpus + " is more than " + LEGACY_MAX_VCPUS
						+ ": shared_info holds vcpu_info for vCPUs 0-31 only (XEN_LEGACY_MAX_VCPUS), so vCPUs 32 and up"
						+ " have none until the guest registers one with VCPUOP_register_vcpu_info. Keep vcpus at "
						+ LEGACY_MAX_VCPUS + " or fewer unless the guest's code does that registration.", g,
						Literals.GUEST__VCPUS, VCPUS_SHARED_INFO);
			}
		}
		Long memory = g.getMemory();
		if (memory != null && (memory <= 0 || memory % PAGE_SIZE != 0)) {
			long rounded = Math.max(PAGE_SIZE, (memory + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE);
			error("memory of " + memory + " bytes is " + (memory <= 0 ? "zero" : "not a whole number of 4 KiB pages")
					+ ": Xen gives a guest memory in pages. Use a size such as 256M, 1G or " + (rounded / 1024) + "K.",
					g, Literals.GUEST__MEMORY, MEMORY_SIZE, Long.toString(rounded));
		}
		Integer ec = g.getEventChannels();
		if (ec != null && (ec < 1 || ec > GuestFacts.MAX_PORTS_2L)) {
			error("event-channels " + ec + " is out of range: with 2-level event channels a 64-bit guest has ports 1 to "
					+ GuestFacts.MAX_PORTS_2L + " (64 x 64 pending bits, port 0 reserved), and the generated code uses"
					+ " the 2-level ABI. Set event-channels between 1 and " + GuestFacts.MAX_PORTS_2L + ".", g,
					Literals.GUEST__EVENT_CHANNELS, EVENT_CHANNELS_RANGE);
		}
	}
}

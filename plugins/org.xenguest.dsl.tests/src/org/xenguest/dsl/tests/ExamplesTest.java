package org.xenguest.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.analysis.GrantBudget;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.InterdomainPort;
import org.xenguest.dsl.xenguest.Netfront;
import org.xenguest.dsl.xenguest.Port;
import org.xenguest.dsl.xenguest.UnboundPort;
import org.xenguest.dsl.xenguest.VirqPort;
import org.xenguest.dsl.xenguest.XenstoreEntry;

/** The examples parse and validate as documented: web, console-only and refguest-domu cleanly, motivating with XG101 only. */
public class ExamplesTest {

	@Test
	void webParsesExactlyAsWrittenAndIsClean() {
		XtextResource r = Xg.parse(Xg.example("web.xenguest"));
		assertTrue(r.getErrors().isEmpty(), () -> "syntax errors: " + r.getErrors());
		List<Issue> issues = Xg.validate(r);
		assertTrue(issues.isEmpty(), () -> Xg.describe(issues));

		Guest g = Xg.model(r).getGuests().get(0);
		assertEquals("web", g.getName());
		assertEquals("pvh", g.getType().getLiteral());
		assertEquals(1, g.getVcpus());
		assertEquals(256L << 20, g.getMemory());
		assertEquals(1023, g.getEventChannels());
		assertEquals(1, g.getGrantTables().get(0).getVersion());
		assertEquals(4, g.getGrantTables().get(0).getFrames());
		assertEquals(5, g.getPorts().size());
		Port timer = g.getPorts().get(2);
		assertEquals("timer", ((VirqPort) timer.getKind()).getVirq());
		assertEquals("on_timer", timer.getHandler());
		Port net0 = g.getPorts().get(3);
		assertEquals(0, ((UnboundPort) net0.getKind()).getRemote());
		assertEquals(0, net0.getVcpu());
		Port ping = g.getPorts().get(4);
		assertEquals(7, ((InterdomainPort) ping.getKind()).getRemotePort());
		assertTrue(ping.isMasked());
		assertEquals("blk", g.getGrants().get(0).getName());
		assertEquals(8, g.getGrants().get(0).getCount());
		assertTrue(g.getGrants().get(0).isReadonly());
		XenstoreEntry ip = g.getXenstore().get(0).getEntries().get(0);
		assertEquals("data/ip", ip.getPath());
		assertEquals("10.0.0.2", ip.getValue());
		XenstoreEntry shutdown = g.getXenstore().get(0).getEntries().get(1);
		assertTrue(shutdown.isWatch());
		assertEquals("on_shutdown", shutdown.getHandler());
		Netfront nf = (Netfront) g.getDevices().get(0);
		assertEquals(net0, nf.getPort());
		assertEquals(List.of("sg", "gso-tcpv4", "rx-notify"), nf.getFeatures());
		assertEquals("00:16:3e:30:49:52", nf.getMac());
		assertEquals("com2", g.getDebugStubs().get(0).getSerial().getLiteral());

		GrantBudget b = GrantBudget.of(g);
		assertEquals(522, b.required());
		assertEquals(2040, b.capacity());
	}

	@Test
	void consoleOnlyIsClean() {
		List<Issue> issues = Xg.validate(Xg.example("console-only.xenguest"));
		assertTrue(issues.isEmpty(), () -> Xg.describe(issues));
	}

	@Test
	void theReferenceGuestsDomuIsCleanAndFitsItsGrantTable() {
		XtextResource r = Xg.parse(Xg.example("refguest-domu.xenguest"));
		List<Issue> issues = Xg.validate(r);
		assertTrue(issues.isEmpty(), () -> Xg.describe(issues));
		Guest g = Xg.model(r).getGuests().get(0);
		assertEquals("refguest", g.getName(), "the reference guest's C names, so releng/refguest builds it");
		assertTrue(g.getDebugStubs().isEmpty(), "a PVH domU has no UART for a serial stub");
		Netfront nf = (Netfront) g.getDevices().get(0);
		assertEquals(List.of("rx-notify"), nf.getFeatures(), "Linux netback refuses a frontend without feature-rx-notify");
		XenstoreEntry ip = g.getXenstore().get(0).getEntries().get(0);
		assertEquals("data/ip", ip.getPath());
		assertEquals("10.0.3.2", ip.getValue(), "on xenbr0 beside dom0's 10.0.3.1/24");
		GrantBudget b = GrantBudget.of(g);
		assertEquals(530, b.required());
		assertEquals(1016, b.capacity());
	}

	@Test
	void motivatingIsRejectedByTheGrantBudget() {
		List<Issue> issues = Xg.validate(Xg.example("motivating.xenguest"));
		assertEquals(1, issues.size(), () -> Xg.describe(issues));
		Issue budget = issues.get(0);
		assertEquals("XG101", budget.getCode());
		assertEquals(Severity.ERROR, budget.getSeverity());
		assertEquals(9, budget.getLineNumber());
		assertTrue(budget.getMessage().contains("514 (netfront net0: 2 ring pages + 256 rx + 256 tx)"), budget.getMessage());
		assertTrue(budget.getMessage().contains("1 frame x 512 entries (v1) - 8 reserved = 504"), budget.getMessage());
		assertTrue(budget.getMessage().contains("Set frames 2"), budget.getMessage());
		assertEquals("2", budget.getData()[0]);
	}
}

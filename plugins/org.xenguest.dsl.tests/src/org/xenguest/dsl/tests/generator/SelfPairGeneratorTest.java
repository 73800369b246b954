package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SortedMap;

import org.eclipse.xtext.diagnostics.Severity;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.generator.GuestGenerator;
import org.xenguest.dsl.tests.Xg;

/**
 * Self-connected pairs ({@code unbound remote self} + {@code interdomain remote self port NAME}):
 * DOMID_SELF in the port table, the partner's index resolved to its run-time number, the partner
 * bound first whatever the model order, and the manifest's "self" / "remote_port_name".
 */
class SelfPairGeneratorTest {

	static final String MODEL = """
			guest sp {
			    port b0 : interdomain remote self port a0 handler on_b0
			    port t  : virq timer handler on_t
			    port a0 : unbound remote self handler on_a0
			    port n  : unbound remote 0
			    port x  : interdomain remote 3 port 9
			}
			""";

	static SortedMap<String, String> generate() {
		var r = Xg.parse(MODEL);
		var issues = Xg.validate(r);
		assertTrue(issues.stream().noneMatch(i -> i.getSeverity() == Severity.ERROR), () -> Xg.describe(issues));
		return GuestGenerator.generate(Xg.model(r), "sp.xenguest");
	}

	@Test
	void portTableAndBindOrder() {
		String c = generate().get("c/sp_evtchn.c");
		assertTrue(c.contains("""
				    [SP_PORT_B0] = {
				        .name = "b0",
				        .handler_name = "on_b0",
				        .handler = on_b0,
				        .kind = SP_KIND_INTERDOMAIN,
				        .vcpu = 0,
				        .masked = 0,
				        .device = 0,
				        .remote_domid = DOMID_SELF,
				        .remote = SP_PORT_A0,   /* a port of this guest: its number at run time */
				        .remote_is_port = 1,
				    },
				"""), c);
		assertTrue(c.contains("""
				        .kind = SP_KIND_UNBOUND,
				        .vcpu = 0,
				        .masked = 0,
				        .device = 0,
				        .remote_domid = DOMID_SELF,
				    },
				"""), c);
		assertTrue(c.contains("""
				        .remote_domid = 3,
				        .remote = 9,
				    },
				"""), "a numeric remote port is unchanged");
		// b0 names a0: bound after every other port, so a0 has its number first.
		assertTrue(c.contains("static const uint16_t bind_order[5] = { SP_PORT_T, SP_PORT_A0, SP_PORT_N, SP_PORT_X, SP_PORT_B0 };"),
				c);
		assertTrue(c.contains("err = bind_port(bind_order[i]);"), c);
		assertTrue(c.contains("b.remote_port = p->remote < nr_ports ? bound[p->remote] : 0;"), c);
		String h = generate().get("c/sp_guest.h");
		assertTrue(h.contains("#define SP_PORT_A0 2u   /* a0: unbound, remote domain self (DOMID_SELF), handler on_a0 */"), h);
		assertTrue(h.contains("#define SP_PORT_B0 0u   /* b0: interdomain, remote domain self (DOMID_SELF) port a0"), h);
		assertTrue(h.contains("uint8_t remote_is_port;"), h);
	}

	@Test
	void manifest() {
		String json = generate().get("manifest/sp.json");
		assertTrue(json.contains("{ \"name\": \"b0\", \"kind\": \"interdomain\", \"remote\": \"self\", \"remote_port\": null,"
				+ " \"remote_port_name\": \"a0\", \"handler\": \"on_b0\", \"vcpu\": 0, \"masked\": false }"), json);
		assertTrue(json.contains("{ \"name\": \"a0\", \"kind\": \"unbound\", \"remote\": \"self\", \"handler\": \"on_a0\","), json);
		assertTrue(json.contains("{ \"name\": \"n\", \"kind\": \"unbound\", \"remote\": 0, \"handler\": null,"), json);
		assertTrue(json.contains("{ \"name\": \"x\", \"kind\": \"interdomain\", \"remote\": 3, \"remote_port\": 9, \"handler\""), json);
	}

	@Test
	void javaDescriptorDetail() {
		String java = generate().get("java/org/xenguest/generated/SpDescriptor.java");
		assertTrue(java.contains("\"interdomain, remote domain self (DOMID_SELF) port a0 (its number at run time)\""), java);
	}

	@Test
	void aModelWithErrorsIsRefused() {
		var r = Xg.parse("guest sp {\nport b0 : interdomain remote self port b0\n}\n");
		IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> GuestGenerator.generate(Xg.model(r), "sp.xenguest"));
		assertTrue(e.getMessage().contains("XG215-XG218"), e.getMessage());
		assertEquals(1, Xg.validate(r).stream().filter(i -> "XG216".equals(i.getCode())).count());
	}
}

package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated Java descriptor compiles (javax.tools) against org.xenguest.debug.core's
 * GuestDescriptor and decodes a debug info block into it. (HarnessTest decodes the block the
 * generated C really produces.)
 */
class JavaDescriptorTest {

	@Test
	void webDescriptorCompilesAndDecodesItsDebugInfo(@TempDir Path dir) throws Exception {
		Class<?> web = compile("web", dir);
		Object empty = call(web, "descriptor");
		assertEquals("web", call(empty, "name"));
		assertEquals(1, call(empty, "vcpus"));
		assertEquals(List.of(), call(empty, "ports"));
		assertEquals("com2", web.getField("DEBUG_STUB").get(null));
		assertEquals(0x2f8, web.getField("DEBUG_STUB_IO_PORT").get(null));
		assertEquals(522L, web.getField("GRANTS_REQUIRED").get(null));
		assertEquals(5, ((List<?>) web.getField("PORTS").get(null)).size());

		int size = (int) web.getField("DEBUG_INFO_SIZE").get(null);
		ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, 0x49444758).putInt(4, 1).putInt(8, size).putInt(12, 5);
		b.putLong(16, 0x100000L).putLong(24, 0x200000L).putInt(32, 4).putInt(36, 1);
		b.putLong(40, 0x3ff000L).putInt(48, 1).putInt(52, 1);
		int[] ports = { 1, 2, 3, 4, 0 };                // the last one not bound (yet)
		for (int i = 0; i < ports.length; i++) {
			b.putInt(56 + 4 * i, ports[i]);
		}
		int nf = 56 + 4 * 6;
		b.putLong(nf, 0x401000L).putLong(nf + 8, 0x402000L).putLong(nf + 16, 0x500000L).putLong(nf + 24, 0x500018L)
				.putLong(nf + 32, 0x500100L).putLong(nf + 40, 0x500104L).putInt(nf + 48, 4).putInt(nf + 52, 0);
		Object d = call(web, "fromDebugInfo", b.array());
		assertEquals(0x100000L, call(d, "sharedInfoAddress"));
		List<?> decodedPorts = (List<?>) call(d, "ports");
		assertEquals(4, decodedPorts.size());
		assertEquals("net0", call(d, "portName", 4));
		assertEquals("timer", call(d, "portName", 3));
		Object net0 = decodedPorts.get(3);
		assertEquals("unbound", call(net0, "kind"));
		assertEquals("on_net0", call(net0, "handler"));
		Object grants = call(d, "grantTable");
		assertEquals(0x200000L, call(grants, "address"));
		assertEquals(4, call(grants, "frames"));
		List<?> rings = (List<?>) call(d, "rings");
		assertEquals(2, rings.size());
		assertEquals("net0-tx", call(rings.get(0), "name"));
		assertEquals(0x500018L, call(rings.get(1), "frontRingAddress"));
		assertEquals(256, call(rings.get(1), "size"));
		assertEquals("BUFFER_POSTING", String.valueOf(call(rings.get(1), "kind")));
		Object dev = ((List<?>) call(d, "devices")).get(0);
		assertEquals(0x500104L, call(dev, "backendStateAddress"));
		assertEquals(1, call(call(d, "xenstore"), "port"));

		b.putInt(0, 0x12345678);
		try {
			call(web, "fromDebugInfo", b.array());
			fail("a block with the wrong magic was accepted");
		} catch (IllegalArgumentException e) {
			assertTrue(e.getMessage().contains("magic"), e.getMessage());
		}
		b.putInt(0, 0x49444758).putInt(12, 7);
		try {
			call(web, "fromDebugInfo", b.array());
			fail("a block of another model was accepted");
		} catch (IllegalArgumentException e) {
			assertTrue(e.getMessage().contains("another model"), e.getMessage());
		}
	}

	@Test
	void everyExampleDescriptorCompiles(@TempDir Path dir) throws Exception {
		Class<?> hello = compile("console-only", dir.resolve("hello"));
		assertNull(hello.getField("DEBUG_STUB").get(null));
		compile("motivating", dir.resolve("motivating"));
	}

	static Class<?> compile(String example, Path dir) throws Exception {
		var files = Gen.generate(example);
		Gen.write(dir.resolve("gen"), files);
		String path = files.keySet().stream().filter(p -> p.startsWith("java/")).findFirst().orElseThrow();
		String className = path.substring("java/".length(), path.length() - ".java".length()).replace('/', '.');
		return Gen.compileDescriptor(dir.resolve("gen/java"), className, dir.resolve("classes"));
	}

	static Object call(Object target, String method, Object... args) throws Exception {
		Class<?> type = target instanceof Class<?> c ? c : target.getClass();
		for (Method m : type.getMethods()) {
			if (m.getName().equals(method) && m.getParameterCount() == args.length) {
				try {
					return m.invoke(target instanceof Class<?> ? null : target, args);
				} catch (InvocationTargetException e) {
					if (e.getCause() instanceof RuntimeException r) {
						throw r;
					}
					throw e;
				}
			}
		}
		throw new NoSuchMethodException(type.getName() + "." + method);
	}
}

package org.xenguest.debug.core.tests.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.xenguest.abi.GrantTableLayout;
import org.xenguest.abi.XenstoreLayout;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.tests.support.SharedInfoPage;

/** Crafted snapshots for rule and format tests: regions built by hand, times chosen. */
public final class Snapshots {

    public static final long SHARED_INFO = 0x100000;
    private static final Instant EPOCH = Instant.parse("2024-06-01T12:00:00Z");

    private Snapshots() {
    }

    /** A snapshot taken {@code millis} after the start, from {@code page} and extra regions. */
    public static Snapshot at(long millis, GuestDescriptor descriptor, SharedInfoPage page, MemoryRegion... extra) {
        List<MemoryRegion> regions = new ArrayList<>();
        regions.add(new MemoryRegion(MemoryRegion.SHARED_INFO, SHARED_INFO, page.bytes()));
        regions.addAll(List.of(extra));
        return Snapshot.decode(millis, EPOCH.plusMillis(millis), millis * 1_000_000L, "crafted", descriptor, regions);
    }

    /** The shared ring header region of {@code ring}. */
    public static MemoryRegion ringHeader(String ring, long reqProd, long reqEvent, long rspProd, long rspEvent) {
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt((int) reqProd).putInt((int) reqEvent).putInt((int) rspProd).putInt((int) rspEvent);
        return new MemoryRegion(MemoryRegion.RING + ring, 0x300000, bytes.array());
    }

    /** The private front ring region of {@code ring} with its rsp_cons. */
    public static MemoryRegion frontRing(String ring, long reqProdPvt, long rspCons) {
        ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt((int) reqProdPvt).putInt((int) rspCons).putInt(256);
        return new MemoryRegion(MemoryRegion.FRONT_RING + ring, 0x104000, bytes.array());
    }

    /** A v1 grant table of {@code frames} frames with refs 8.. {@code 8 + used - 1} granted. */
    public static MemoryRegion grantsV1(int frames, int used) {
        ByteBuffer bytes = ByteBuffer.allocate(frames * GrantTableLayout.FRAME_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int ref = GrantTableLayout.NR_RESERVED_ENTRIES; ref < GrantTableLayout.NR_RESERVED_ENTRIES + used; ref++) {
            bytes.putShort(ref * GrantTableLayout.V1_ENTRY_SIZE, (short) GrantTableLayout.GTF_PERMIT_ACCESS);
            bytes.putShort(ref * GrantTableLayout.V1_ENTRY_SIZE + GrantTableLayout.V1_DOMID_OFFSET, (short) 0);
            bytes.putInt(ref * GrantTableLayout.V1_ENTRY_SIZE + GrantTableLayout.V1_FRAME_OFFSET, 0x1000 + ref);
        }
        return new MemoryRegion(MemoryRegion.GRANT_TABLE, 0x200000, bytes.array());
    }

    public static MemoryRegion xenstore(long reqCons, long reqProd, long rspCons, long rspProd) {
        ByteBuffer bytes = ByteBuffer.allocate(XenstoreLayout.INTERFACE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(XenstoreLayout.REQ_CONS_OFFSET, (int) reqCons);
        bytes.putInt(XenstoreLayout.REQ_PROD_OFFSET, (int) reqProd);
        bytes.putInt(XenstoreLayout.RSP_CONS_OFFSET, (int) rspCons);
        bytes.putInt(XenstoreLayout.RSP_PROD_OFFSET, (int) rspProd);
        return new MemoryRegion(MemoryRegion.XENSTORE, 0x400000, bytes.array());
    }

    public static MemoryRegion[] device(String name, int frontend, int backend) {
        return new MemoryRegion[] {
            new MemoryRegion(MemoryRegion.FRONTEND_STATE + name, 0x104100, u32(frontend)),
            new MemoryRegion(MemoryRegion.BACKEND_STATE + name, 0x104104, u32(backend))};
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    /** A descriptor with a netfront-like set of parts. */
    public static GuestDescriptor netfrontGuest() {
        return new GuestDescriptor("netfront-guest", SHARED_INFO, 2,
                List.of(new GuestDescriptor.Port(3, "netfront", "interdomain", "netfront_handler", 0),
                        new GuestDescriptor.Port(5, "console", "interdomain", "console_handler", 0),
                        new GuestDescriptor.Port(9, "timer", "virq", "timer_handler", 1)),
                new GuestDescriptor.GrantTable(0x200000, 1, 1),
                List.of(new GuestDescriptor.Ring("vif0-tx", 0x300000, 0x104000L, 256,
                                GuestDescriptor.RingKind.REQUEST_RESPONSE, 3),
                        new GuestDescriptor.Ring("vif0-rx", 0x301000, null, 256,
                                GuestDescriptor.RingKind.BUFFER_POSTING, 3)),
                new GuestDescriptor.Xenstore(0x400000, 1),
                List.of(new GuestDescriptor.Device("vif0", 0x104100L, 0x104104L)));
    }
}

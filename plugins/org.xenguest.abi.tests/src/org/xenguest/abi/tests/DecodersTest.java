package org.xenguest.abi.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.xenguest.abi.GrantEntryV1;
import org.xenguest.abi.GrantEntryV2;
import org.xenguest.abi.GrantTableLayout;
import org.xenguest.abi.RingLayout;
import org.xenguest.abi.SharedInfo;
import org.xenguest.abi.SharedInfoLayout;
import org.xenguest.abi.SharedRingHeader;
import org.xenguest.abi.VcpuInfo;
import org.xenguest.abi.VcpuTimeInfo;
import org.xenguest.abi.XenstoreInterface;
import org.xenguest.abi.XenstoreLayout;
import org.xenguest.abi.XsMessageHeader;
import org.xenguest.abi.XsMessageType;

/** The typed decoders on hand-made little-endian byte arrays. */
class DecodersTest {

    private static ByteBuffer page(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- shared_info ------------------------------------------------------------------------

    @Test
    void port5PendingAndMaskedIsSeenInBothBitmaps() {
        ByteBuffer bytes = page(SharedInfoLayout.SHARED_INFO_SIZE);
        bytes.putLong(SharedInfoLayout.EVTCHN_PENDING_OFFSET, 1L << 5);
        bytes.putLong(SharedInfoLayout.EVTCHN_MASK_OFFSET, 1L << 5);

        SharedInfo info = SharedInfo.decode(bytes.array());

        assertTrue(info.isPending(5));
        assertTrue(info.isMasked(5));
        assertFalse(info.isPending(4));
        assertFalse(info.isMasked(6));
        assertEquals(32L, info.pendingWord(0));
        assertEquals(32L, info.maskWord(0));
        assertEquals(32L, info.pendingWords().get(0));
        assertEquals(0L, info.pendingWord(1));
        assertEquals(List.of(5), info.pendingPorts());
        assertEquals(List.of(5), info.pendingMaskedPorts());
    }

    @Test
    void portsBeyondTheFirstWordAndTheLastBitDecode() {
        ByteBuffer bytes = page(SharedInfoLayout.SHARED_INFO_SIZE);
        // port 70 = word 1 bit 6, pending and unmasked; port 4095 = word 63 bit 63 (the sign bit)
        bytes.putLong(SharedInfoLayout.EVTCHN_PENDING_OFFSET + 8, 1L << 6);
        bytes.putLong(SharedInfoLayout.EVTCHN_PENDING_OFFSET + 63 * 8, Long.MIN_VALUE);
        bytes.putLong(SharedInfoLayout.EVTCHN_MASK_OFFSET + 63 * 8, Long.MIN_VALUE);

        SharedInfo info = SharedInfo.decode(bytes.array());

        assertTrue(info.isPending(70));
        assertFalse(info.isMasked(70));
        assertTrue(info.isPending(4095));
        assertTrue(info.isMasked(4095));
        assertEquals(List.of(70, 4095), info.pendingPorts());
        assertEquals(List.of(4095), info.pendingMaskedPorts());
        assertEquals(64, info.pendingWords().size());
        assertThrows(IllegalArgumentException.class, () -> info.isPending(4096));
        assertThrows(IllegalArgumentException.class, () -> info.isMasked(-1));
        assertThrows(UnsupportedOperationException.class, () -> info.pendingWords().set(0, 0L));
    }

    @Test
    void vcpuInfoSlotsWallClockAndArchDecodeFromSharedInfo() {
        ByteBuffer bytes = page(SharedInfoLayout.SHARED_INFO_SIZE);
        int vcpu3 = SharedInfoLayout.vcpuInfoOffset(3);
        bytes.put(vcpu3 + SharedInfoLayout.VCPU_UPCALL_PENDING_OFFSET, (byte) 1);
        bytes.putLong(vcpu3 + SharedInfoLayout.VCPU_PENDING_SEL_OFFSET, 1L);
        bytes.putInt(SharedInfoLayout.WC_VERSION_OFFSET, 6);
        bytes.putInt(SharedInfoLayout.WC_SEC_OFFSET, 0x89AB_CDEF);
        bytes.putInt(SharedInfoLayout.WC_NSEC_OFFSET, 999_999_999);
        bytes.putInt(SharedInfoLayout.WC_SEC_HI_OFFSET, 1);
        bytes.putLong(SharedInfoLayout.ARCH_MAX_PFN_OFFSET, 0x4000);
        bytes.putLong(SharedInfoLayout.ARCH_P2M_GENERATION_OFFSET, 7);

        SharedInfo info = SharedInfo.decode(bytes.array());

        assertEquals(32, info.vcpuInfos().size());
        assertTrue(info.vcpu(3).isUpcallPending());
        assertTrue(info.vcpu(3).isPortSelected(5));
        assertFalse(info.vcpu(3).isPortSelected(64));
        assertFalse(info.vcpu(0).isUpcallPending());
        assertEquals(0x89AB_CDEFL, info.wcSec());
        assertEquals(0x1_89AB_CDEFL, info.wallClockSeconds());
        assertEquals(999_999_999L, info.wcNsec());
        assertFalse(info.isWallClockUpdateInProgress());
        assertEquals(0x4000L, info.arch().maxPfn());
        assertEquals(7L, info.arch().p2mGeneration());
        assertThrows(IllegalArgumentException.class, () -> info.vcpu(32));
    }

    // ---- vcpu_info / vcpu_time_info -----------------------------------------------------------

    @Test
    void vcpuInfoWithUpcallPendingAndTimeInfo() {
        ByteBuffer bytes = page(SharedInfoLayout.VCPU_INFO_SIZE);
        bytes.put(SharedInfoLayout.VCPU_UPCALL_PENDING_OFFSET, (byte) 1);
        bytes.put(SharedInfoLayout.VCPU_UPCALL_MASK_OFFSET, (byte) 0xFF);
        bytes.putLong(SharedInfoLayout.VCPU_PENDING_SEL_OFFSET, 1L << 63);
        bytes.putLong(SharedInfoLayout.VCPU_ARCH_CR2_OFFSET, 0xDEAD_0000L);
        int time = SharedInfoLayout.VCPU_TIME_OFFSET;
        bytes.putInt(time + SharedInfoLayout.TIME_VERSION_OFFSET, 0xFFFF_FFFF);
        bytes.putLong(time + SharedInfoLayout.TIME_TSC_TIMESTAMP_OFFSET, 1000);
        bytes.putLong(time + SharedInfoLayout.TIME_SYSTEM_TIME_OFFSET, 5_000_000);
        bytes.putInt(time + SharedInfoLayout.TIME_TSC_TO_SYSTEM_MUL_OFFSET, 0x8000_0000);
        bytes.put(time + SharedInfoLayout.TIME_TSC_SHIFT_OFFSET, (byte) -1);
        bytes.put(time + SharedInfoLayout.TIME_FLAGS_OFFSET, (byte) SharedInfoLayout.PVCLOCK_TSC_STABLE_BIT);

        VcpuInfo vcpu = VcpuInfo.decode(bytes.array());

        assertEquals(1, vcpu.evtchnUpcallPending());
        assertTrue(vcpu.isUpcallPending());
        assertEquals(255, vcpu.evtchnUpcallMask());
        assertTrue(vcpu.isUpcallMasked());
        assertTrue(vcpu.isWordSelected(63));
        assertTrue(vcpu.isPortSelected(4095));
        assertEquals(0xDEAD_0000L, vcpu.archCr2());

        VcpuTimeInfo clock = vcpu.time();
        assertEquals(0xFFFF_FFFFL, clock.version());
        assertTrue(clock.isUpdateInProgress());
        assertEquals(0x8000_0000L, clock.tscToSystemMul());
        assertEquals(-1, clock.tscShift());
        assertTrue(clock.isTscStable());
        assertFalse(clock.isGuestStopped());
        // 200 ticks after the stamp, shifted right by one, at 0.5 ns per tick: 50 ns later
        assertEquals(5_000_050L, clock.systemTimeAt(1200));
    }

    @Test
    void systemTimeUsesTheFull96BitProduct() {
        long delta = 1L << 40;
        long mul = 0xFFFF_FFFFL;
        VcpuTimeInfo clock = new VcpuTimeInfo(2, 0, 0, mul, 2, 0);
        long expected = BigInteger.valueOf(delta << 2).multiply(BigInteger.valueOf(mul)).shiftRight(32).longValue();
        assertEquals(expected, clock.systemTimeAt(delta));
        assertFalse(clock.isUpdateInProgress());
    }

    // ---- grant entries ------------------------------------------------------------------------

    @Test
    void grantEntryV1DecodesFlagsDomidAndUnsignedFrame() {
        ByteBuffer bytes = page(GrantTableLayout.FRAME_SIZE);
        int ref8 = 8 * GrantTableLayout.V1_ENTRY_SIZE;
        bytes.putShort(ref8, (short) (GrantTableLayout.GTF_PERMIT_ACCESS | GrantTableLayout.GTF_READONLY
                | GrantTableLayout.GTF_READING));
        bytes.putShort(ref8 + 2, (short) 0x7FF0);
        bytes.putInt(ref8 + 4, 0xFEED_BEEF);

        GrantEntryV1 entry = GrantEntryV1.decode(bytes.array(), ref8);
        assertEquals(0x0D, entry.flags());
        assertEquals(0x7FF0, entry.domid());
        assertEquals(0xFEED_BEEFL, entry.frame());
        assertEquals(GrantTableLayout.GTF_PERMIT_ACCESS, entry.type());
        assertTrue(entry.isValid());
        assertTrue(entry.isPermitAccess());
        assertTrue(entry.isReadOnly());
        assertTrue(entry.isInUse());

        List<GrantEntryV1> table = GrantEntryV1.decodeAll(bytes.array());
        assertEquals(GrantTableLayout.V1_ENTRIES_PER_FRAME, table.size());
        assertEquals(entry, table.get(8));
        assertFalse(table.get(7).isValid());
    }

    @Test
    void acceptTransferBitsAreNotMistakenForMappings() {
        byte[] bytes = page(8).putShort(0, (short) (GrantTableLayout.GTF_ACCEPT_TRANSFER
                | GrantTableLayout.GTF_TRANSFER_COMPLETED)).array();
        GrantEntryV1 entry = GrantEntryV1.decode(bytes);
        assertEquals(GrantTableLayout.GTF_ACCEPT_TRANSFER, entry.type());
        assertFalse(entry.isInUse());
    }

    @Test
    void grantEntryV2DecodesAllThreeVariants() {
        ByteBuffer bytes = page(3 * GrantTableLayout.V2_ENTRY_SIZE);
        // full page
        bytes.putShort(0, (short) GrantTableLayout.GTF_PERMIT_ACCESS).putShort(2, (short) 7).putLong(8, 0x1_2345_6789L);
        // sub page: bytes [128, 384) of frame 0x55
        bytes.putShort(16, (short) (GrantTableLayout.GTF_PERMIT_ACCESS | GrantTableLayout.GTF_SUB_PAGE))
                .putShort(18, (short) 1).putShort(20, (short) 128).putShort(22, (short) 256).putLong(24, 0x55);
        // transitive: use grant 42 of domain 9
        bytes.putShort(32, (short) GrantTableLayout.GTF_TRANSITIVE).putShort(34, (short) 2).putShort(36, (short) 9)
                .putInt(40, 42);

        List<GrantEntryV2> entries = GrantEntryV2.decodeAll(bytes.array());
        assertEquals(3, entries.size());

        GrantEntryV2 full = entries.get(0);
        assertEquals(7, full.domid());
        assertEquals(0x1_2345_6789L, full.frame());
        assertFalse(full.isSubPage());

        GrantEntryV2 sub = entries.get(1);
        assertTrue(sub.isSubPage());
        assertEquals(128, sub.pageOffset());
        assertEquals(256, sub.length());
        assertEquals(0x55L, sub.frame());

        GrantEntryV2 transitive = entries.get(2);
        assertTrue(transitive.isTransitive());
        assertEquals(9, transitive.transitiveDomid());
        assertEquals(42L, transitive.transitiveRef());
        assertEquals(transitive, GrantEntryV2.decode(bytes.array(), 32));
    }

    // ---- rings --------------------------------------------------------------------------------

    @Test
    void ringHeaderCountsAcrossTheU32Wrap() {
        ByteBuffer bytes = page(RingLayout.HEADER_SIZE);
        bytes.putInt(RingLayout.REQ_PROD_OFFSET, 2); // wrapped past 0xFFFFFFFF
        bytes.putInt(RingLayout.REQ_EVENT_OFFSET, 3);
        bytes.putInt(RingLayout.RSP_PROD_OFFSET, 0xFFFF_FFFF);
        bytes.putInt(RingLayout.RSP_EVENT_OFFSET, 0);

        SharedRingHeader ring = SharedRingHeader.decode(bytes.array());
        assertEquals(2L, ring.reqProd());
        assertEquals(0xFFFF_FFFFL, ring.rspProd());
        assertEquals(3L, ring.inFlightRequests());
        long rspConsumer = 0xFFFF_FFFEL;
        assertEquals(4L, ring.outstandingRequests(rspConsumer));
        assertEquals(1L, ring.unconsumedResponses(rspConsumer));
        assertEquals(252L, ring.freeRequestSlots(RingLayout.NETIF_TX_RING_SIZE, rspConsumer));
        assertTrue(ring.isConsistent(RingLayout.NETIF_TX_RING_SIZE));
        assertFalse(new SharedRingHeader(300, 0, 0, 0).isConsistent(256));
    }

    @Test
    void notificationRuleMatchesRingH() {
        // peer asked to hear about index 5: moving 3 -> 6 crosses it, 5 -> 8 does not (5 was already seen)
        assertTrue(SharedRingHeader.notifyNeeded(3, 6, 5));
        assertTrue(SharedRingHeader.notifyNeeded(4, 5, 5));
        assertFalse(SharedRingHeader.notifyNeeded(5, 8, 5));
        assertTrue(SharedRingHeader.notifyNeeded(0xFFFF_FFFFL, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SharedRingHeader(1L << 32, 0, 0, 0));
    }

    // ---- xenstore -----------------------------------------------------------------------------

    @Test
    void xenstoreInterfaceUnwrapsUnreadBytes() {
        ByteBuffer bytes = page(XenstoreLayout.INTERFACE_SIZE);
        byte[] message = "0123456789".getBytes(StandardCharsets.US_ASCII);
        long reqCons = 1020;
        for (int i = 0; i < message.length; i++) {
            bytes.put(XenstoreLayout.REQ_OFFSET + (int) ((reqCons + i) % XenstoreLayout.RING_SIZE), message[i]);
        }
        bytes.putInt(XenstoreLayout.REQ_CONS_OFFSET, (int) reqCons);
        bytes.putInt(XenstoreLayout.REQ_PROD_OFFSET, (int) reqCons + message.length);
        bytes.put(XenstoreLayout.RSP_OFFSET, (byte) 'x');
        bytes.putInt(XenstoreLayout.RSP_CONS_OFFSET, 0xFFFF_FFFF);
        bytes.putInt(XenstoreLayout.RSP_PROD_OFFSET, 1);
        bytes.putInt(XenstoreLayout.SERVER_FEATURES_OFFSET,
                XenstoreLayout.SERVER_FEATURE_RECONNECTION | XenstoreLayout.SERVER_FEATURE_ERROR);
        bytes.putInt(XenstoreLayout.CONNECTION_OFFSET, XenstoreLayout.RECONNECT);
        bytes.putInt(XenstoreLayout.ERROR_OFFSET, XenstoreLayout.ERROR_PROTO);

        XenstoreInterface xs = XenstoreInterface.decode(bytes.array());
        assertEquals(10L, xs.pendingRequestBytes());
        assertArrayEquals(message, xs.unreadRequestBytes());
        assertEquals(2L, xs.pendingResponseBytes());
        assertEquals('x', xs.unreadResponseBytes()[1]);
        assertTrue(xs.isConsistent());
        assertTrue(xs.supportsReconnection());
        assertTrue(xs.reportsErrors());
        assertTrue(xs.isReconnecting());
        assertEquals(XenstoreLayout.ERROR_PROTO, xs.error());
        assertEquals(xs, XenstoreInterface.decode(bytes.array()));

        byte[] ring = xs.requestRing();
        ring[0] = 99;
        assertNotSame(ring, xs.requestRing());
        assertEquals(message[4], xs.requestRing()[0]);
    }

    @Test
    void xenstoreIndicesTooFarApartAreInconsistent() {
        ByteBuffer bytes = page(XenstoreLayout.INTERFACE_SIZE);
        bytes.putInt(XenstoreLayout.REQ_PROD_OFFSET, XenstoreLayout.RING_SIZE + 1);
        assertFalse(XenstoreInterface.decode(bytes.array()).isConsistent());
    }

    @Test
    void xsMessageHeaderDecodes() {
        ByteBuffer bytes = page(XenstoreLayout.SOCKMSG_SIZE);
        bytes.putInt(0, XsMessageType.WATCH_EVENT.number()).putInt(4, 0xFFFF_FFF0).putInt(8, 3).putInt(12, 4097);
        XsMessageHeader header = XsMessageHeader.decode(bytes.array());
        assertEquals(XsMessageType.WATCH_EVENT, header.messageType().orElseThrow());
        assertEquals(0xFFFF_FFF0L, header.reqId());
        assertEquals(3L, header.txId());
        assertFalse(header.isPayloadLengthValid());
        assertTrue(new XsMessageHeader(99, 0, 0, 0).messageType().isEmpty());
    }

    // ---- too-short input ----------------------------------------------------------------------

    @Test
    void tooShortInputSaysHowManyBytesWereNeededAndGiven() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SharedInfo.decode(new byte[100]));
        assertTrue(error.getMessage().contains("struct shared_info"), error.getMessage());
        assertTrue(error.getMessage().contains("needs 3136 bytes"), error.getMessage());
        assertTrue(error.getMessage().contains("100 were given"), error.getMessage());

        IllegalArgumentException offsetError = assertThrows(IllegalArgumentException.class,
                () -> SharedInfo.decode(new byte[SharedInfoLayout.SHARED_INFO_SIZE], 1));
        assertTrue(offsetError.getMessage().contains("3135 were given from offset 1"), offsetError.getMessage());
    }

    @Test
    void everyDecoderRejectsOneByteTooFew() {
        assertShortRejected(SharedInfoLayout.VCPU_INFO_SIZE, VcpuInfo::decode);
        assertShortRejected(SharedInfoLayout.VCPU_TIME_INFO_SIZE, VcpuTimeInfo::decode);
        assertShortRejected(GrantTableLayout.V1_ENTRY_SIZE, GrantEntryV1::decode);
        assertShortRejected(GrantTableLayout.V2_ENTRY_SIZE, GrantEntryV2::decode);
        assertShortRejected(GrantTableLayout.V1_ENTRY_SIZE, GrantEntryV1::decodeAll);
        assertShortRejected(SharedRingHeader.INDICES_SIZE, SharedRingHeader::decode);
        assertShortRejected(XenstoreLayout.INTERFACE_SIZE, XenstoreInterface::decode);
        assertShortRejected(XenstoreLayout.SOCKMSG_SIZE, XsMessageHeader::decode);
        assertThrows(NullPointerException.class, () -> SharedInfo.decode(null));
    }

    private static void assertShortRejected(int needed, Function<byte[], ?> decoder) {
        decoder.apply(new byte[needed]);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> decoder.apply(new byte[needed - 1]));
        assertTrue(error.getMessage().contains("needs " + needed + " bytes but " + (needed - 1) + " were given"),
                error.getMessage());
    }
}

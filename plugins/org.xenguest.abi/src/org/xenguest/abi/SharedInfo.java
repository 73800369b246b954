package org.xenguest.abi;

import static org.xenguest.abi.SharedInfoLayout.ARCH_MAX_PFN_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.ARCH_NMI_REASON_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.ARCH_P2M_CR3_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.ARCH_P2M_GENERATION_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.ARCH_P2M_VADDR_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.ARCH_PFN_TO_MFN_FRAME_LIST_LIST_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.EVTCHN_MASK_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.EVTCHN_PENDING_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.EVTCHN_WORDS;
import static org.xenguest.abi.SharedInfoLayout.SHARED_INFO_SIZE;
import static org.xenguest.abi.SharedInfoLayout.WC_NSEC_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.WC_SEC_HI_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.WC_SEC_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.WC_VERSION_OFFSET;
import static org.xenguest.abi.SharedInfoLayout.XEN_LEGACY_MAX_VCPUS;
import static org.xenguest.abi.SharedInfoLayout.XEN_ULONG_SIZE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A decoded {@code struct shared_info} page (x86-64, xen.h): the legacy vcpu_info slots, the
 * 2-level event channel bitmaps, the wall clock and the arch part.
 *
 * @param vcpuInfos    the 32 legacy vcpu_info slots (a vCPU that registered its vcpu_info
 *                     elsewhere leaves its slot stale)
 * @param pendingWords evtchn_pending, 64 words; bit b of word w is port 64 * w + b
 * @param maskWords    evtchn_mask, same layout
 * @param wcVersion    u32 wall-clock version, odd while Xen updates it
 * @param wcSec        u32 low half of the wall-clock seconds
 * @param wcNsec       u32 nanoseconds
 * @param wcSecHi      u32 high half of the wall-clock seconds
 * @param arch         struct arch_shared_info
 */
public record SharedInfo(List<VcpuInfo> vcpuInfos, List<Long> pendingWords, List<Long> maskWords, long wcVersion,
        long wcSec, long wcNsec, long wcSecHi, Arch arch) {

    /**
     * The x86-64 {@code struct arch_shared_info} (arch-x86/xen.h); every field is an unsigned
     * long kept as raw 64 bits. PV guests maintain the p2m fields; PVH guests leave them 0.
     */
    public record Arch(long maxPfn, long pfnToMfnFrameListList, long nmiReason, long p2mCr3, long p2mVaddr,
            long p2mGeneration) {
    }

    public SharedInfo {
        vcpuInfos = List.copyOf(vcpuInfos);
        pendingWords = List.copyOf(pendingWords);
        maskWords = List.copyOf(maskWords);
        Objects.requireNonNull(arch, "arch");
        requireSize("vcpuInfos", vcpuInfos, XEN_LEGACY_MAX_VCPUS);
        requireSize("pendingWords", pendingWords, EVTCHN_WORDS);
        requireSize("maskWords", maskWords, EVTCHN_WORDS);
    }

    private static void requireSize(String what, List<?> list, int size) {
        if (list.size() != size) {
            throw new IllegalArgumentException(what + " must have " + size + " elements, had " + list.size());
        }
    }

    public static SharedInfo decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    public static SharedInfo decode(byte[] bytes, int offset) {
        LittleEndian.require(bytes, offset, SHARED_INFO_SIZE, "struct shared_info");
        List<VcpuInfo> vcpus = new ArrayList<>(XEN_LEGACY_MAX_VCPUS);
        for (int vcpu = 0; vcpu < XEN_LEGACY_MAX_VCPUS; vcpu++) {
            vcpus.add(VcpuInfo.decode(bytes, offset + SharedInfoLayout.vcpuInfoOffset(vcpu)));
        }
        Arch arch = new Arch(
                LittleEndian.u64(bytes, offset + ARCH_MAX_PFN_OFFSET),
                LittleEndian.u64(bytes, offset + ARCH_PFN_TO_MFN_FRAME_LIST_LIST_OFFSET),
                LittleEndian.u64(bytes, offset + ARCH_NMI_REASON_OFFSET),
                LittleEndian.u64(bytes, offset + ARCH_P2M_CR3_OFFSET),
                LittleEndian.u64(bytes, offset + ARCH_P2M_VADDR_OFFSET),
                LittleEndian.u64(bytes, offset + ARCH_P2M_GENERATION_OFFSET));
        return new SharedInfo(vcpus,
                words(bytes, offset + EVTCHN_PENDING_OFFSET),
                words(bytes, offset + EVTCHN_MASK_OFFSET),
                LittleEndian.u32(bytes, offset + WC_VERSION_OFFSET),
                LittleEndian.u32(bytes, offset + WC_SEC_OFFSET),
                LittleEndian.u32(bytes, offset + WC_NSEC_OFFSET),
                LittleEndian.u32(bytes, offset + WC_SEC_HI_OFFSET),
                arch);
    }

    private static List<Long> words(byte[] bytes, int at) {
        List<Long> words = new ArrayList<>(EVTCHN_WORDS);
        for (int i = 0; i < EVTCHN_WORDS; i++) {
            words.add(LittleEndian.u64(bytes, at + i * XEN_ULONG_SIZE));
        }
        return words;
    }

    /** The vcpu_info slot of {@code vcpu} (0..31). */
    public VcpuInfo vcpu(int vcpu) {
        SharedInfoLayout.vcpuInfoOffset(vcpu); // range check with a helpful message
        return vcpuInfos.get(vcpu);
    }

    public long pendingWord(int wordIndex) {
        return pendingWords.get(checkWord(wordIndex));
    }

    public long maskWord(int wordIndex) {
        return maskWords.get(checkWord(wordIndex));
    }

    private static int checkWord(int wordIndex) {
        if (wordIndex < 0 || wordIndex >= EVTCHN_WORDS) {
            throw new IllegalArgumentException("event channel word index must be 0.." + (EVTCHN_WORDS - 1)
                    + ", was " + wordIndex);
        }
        return wordIndex;
    }

    /** The pending bit of {@code port} (0..4095). */
    public boolean isPending(int port) {
        return bit(pendingWords, port);
    }

    /** The mask bit of {@code port} (0..4095). */
    public boolean isMasked(int port) {
        return bit(maskWords, port);
    }

    private static boolean bit(List<Long> words, int port) {
        return (words.get(EventChannels.wordIndex(port)) >>> EventChannels.bitIndex(port) & 1) != 0;
    }

    /** Ports with the pending bit set, ascending. */
    public List<Integer> pendingPorts() {
        return portsWhere(false);
    }

    /**
     * Ports that are pending while masked: Xen raises no upcall for them until the guest
     * unmasks and re-checks, the classic lost-event pattern when a guest forgets that step.
     */
    public List<Integer> pendingMaskedPorts() {
        return portsWhere(true);
    }

    private List<Integer> portsWhere(boolean requireMasked) {
        List<Integer> ports = new ArrayList<>();
        for (int word = 0; word < EVTCHN_WORDS; word++) {
            long bits = pendingWords.get(word);
            if (requireMasked) {
                bits &= maskWords.get(word);
            }
            while (bits != 0) {
                int bit = Long.numberOfTrailingZeros(bits);
                ports.add(word * EventChannels.BITS_PER_WORD + bit);
                bits &= bits - 1;
            }
        }
        return Collections.unmodifiableList(ports);
    }

    /** Wall-clock seconds since the Unix epoch (adjusted by the domain's time offset): hi:lo. */
    public long wallClockSeconds() {
        return wcSecHi << 32 | wcSec;
    }

    /** An odd wc_version means the snapshot caught Xen mid-update of the wall clock. */
    public boolean isWallClockUpdateInProgress() {
        return (wcVersion & 1) != 0;
    }
}

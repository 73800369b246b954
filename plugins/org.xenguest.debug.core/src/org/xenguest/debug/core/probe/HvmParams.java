package org.xenguest.debug.core.probe;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.xenguest.abi.Hypercalls;

/**
 * The HVM params that locate a PVH/HVM guest's callback, xenstore ring and console ring
 * ({@code qXenguest.HvmParams}); a param Xen refused to give is empty.
 */
public record HvmParams(OptionalLong callbackIrq, OptionalLong storePfn, OptionalLong storeEvtchn,
        OptionalLong consolePfn, OptionalLong consoleEvtchn) {

    public HvmParams {
        Objects.requireNonNull(callbackIrq, "callbackIrq");
        Objects.requireNonNull(storePfn, "storePfn");
        Objects.requireNonNull(storeEvtchn, "storeEvtchn");
        Objects.requireNonNull(consolePfn, "consolePfn");
        Objects.requireNonNull(consoleEvtchn, "consoleEvtchn");
    }

    /** The IDT vector upcalls arrive on, when CALLBACK_IRQ is of the vector type. */
    public OptionalInt callbackVector() {
        if (callbackIrq.isEmpty()) {
            return OptionalInt.empty();
        }
        long value = callbackIrq.getAsLong();
        if ((value >>> Hypercalls.HVM_PARAM_CALLBACK_TYPE_SHIFT) != Hypercalls.HVM_PARAM_CALLBACK_TYPE_VECTOR) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) (value & 0xff));
    }

    static HvmParams from(ProbeReplies.Fields f) {
        return new HvmParams(param(f, "callback_irq"), param(f, "store_pfn"), param(f, "store_evtchn"),
                param(f, "console_pfn"), param(f, "console_evtchn"));
    }

    private static OptionalLong param(ProbeReplies.Fields f, String key) {
        if (!f.has(key)) {
            return OptionalLong.empty();
        }
        String value = f.text(key);
        if (value.startsWith("E")) {
            return OptionalLong.empty(); // Xen refused this one (E<errno>)
        }
        return OptionalLong.of(f.hex(key));
    }
}

package org.xenguest.abi;

import java.util.Optional;

/**
 * Message types of the xenstore wire protocol ({@code enum xsd_sockmsg_type} in
 * {@code xen/io/xs_wire.h}). The C enum is implicit, so the numbers here are checked against
 * the header by the tests. Number 20 was XS_RESTRICT, since removed.
 */
public enum XsMessageType {
    CONTROL(0),
    DIRECTORY(1),
    READ(2),
    GET_PERMS(3),
    WATCH(4),
    UNWATCH(5),
    TRANSACTION_START(6),
    TRANSACTION_END(7),
    INTRODUCE(8),
    RELEASE(9),
    GET_DOMAIN_PATH(10),
    WRITE(11),
    MKDIR(12),
    RM(13),
    SET_PERMS(14),
    /** Sent unsolicited by xenstored when a watched path changes (req_id 0). */
    WATCH_EVENT(15),
    /** Reply carrying an errno name such as "ENOENT" as payload. */
    ERROR(16),
    IS_DOMAIN_INTRODUCED(17),
    RESUME(18),
    SET_TARGET(19),
    RESET_WATCHES(21),
    DIRECTORY_PART(22),
    /** XS_INVALID: guaranteed never to be a valid type. */
    INVALID(0xFFFF);

    /** XS_TYPE_COUNT: valid types are below this. */
    public static final int TYPE_COUNT = 23;

    private final int number;

    XsMessageType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The enumerator in xs_wire.h, e.g. {@code XS_TRANSACTION_START}. */
    public String cName() {
        return "XS_" + name();
    }

    public static Optional<XsMessageType> byNumber(long number) {
        for (XsMessageType type : values()) {
            if (type.number == number) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}

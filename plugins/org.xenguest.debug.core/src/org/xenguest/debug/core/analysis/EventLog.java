package org.xenguest.debug.core.analysis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of a session's event list, in order, with random access, in bounded memory: rows are
 * written in blocks of {@value #BLOCK} to a temporary file (deleted on {@link #close()}) and read
 * back block by block through a small cache, so an hour-long session costs the heap a few bytes
 * a block, not a few hundred bytes a row. One thread appends; any thread reads.
 */
public final class EventLog implements AutoCloseable {

    /** Rows a block. */
    static final int BLOCK = 256;
    /** Decoded blocks kept (a screenful of rows, a search's neighbourhood). */
    private static final int CACHED_BLOCKS = 64;
    private static final int NO_NUMBER = Integer.MIN_VALUE;

    private final Path file;
    private final FileChannel channel;
    private final List<ChangeEvent> filling = new ArrayList<>(BLOCK);
    private long[] blockStarts = new long[64];
    private int blocks;
    private long end;
    private volatile int size;
    private boolean closed;
    private final Map<Integer, List<ChangeEvent>> cache = new LinkedHashMap<>(CACHED_BLOCKS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, List<ChangeEvent>> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };

    private EventLog(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** A new, empty log in a temporary file. */
    public static EventLog create() throws IOException {
        Path file = Files.createTempFile("xenguest-events-", ".bin");
        file.toFile().deleteOnExit();
        return new EventLog(file);
    }

    /** Appends rows (one thread only). */
    public synchronized void addAll(List<ChangeEvent> rows) {
        if (closed) {
            return;
        }
        for (ChangeEvent row : rows) {
            filling.add(row);
            if (filling.size() == BLOCK) {
                flushBlock();
            }
        }
        size = blocks * BLOCK + filling.size();
    }

    private void flushBlock() {
        byte[] bytes = encode(filling);
        try {
            channel.write(ByteBuffer.wrap(bytes), end);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event list to " + file + ": " + e.getMessage(), e);
        }
        if (blocks + 1 >= blockStarts.length) {
            blockStarts = Arrays.copyOf(blockStarts, blockStarts.length * 2);
        }
        blockStarts[blocks] = end;
        end += bytes.length;
        blocks++;
        blockStarts[blocks] = end;
        cache.put(blocks - 1, List.copyOf(filling));
        filling.clear();
    }

    /** Rows so far. */
    public int size() {
        return size;
    }

    /** Row {@code index}, {@code 0 <= index < size()}. */
    public synchronized ChangeEvent get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("row " + index + " of " + size);
        }
        int block = index / BLOCK;
        if (block == blocks) {
            return filling.get(index % BLOCK);
        }
        List<ChangeEvent> rows = cache.get(block);
        if (rows == null) {
            rows = read(block);
            cache.put(block, rows);
        }
        return rows.get(index % BLOCK);
    }

    private List<ChangeEvent> read(int block) {
        ByteBuffer buffer = ByteBuffer.allocate((int) (blockStarts[block + 1] - blockStarts[block]));
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, blockStarts[block] + buffer.position()) < 0) {
                    throw new IOException("the file ends early");
                }
            }
            return decode(buffer.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event list from " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encode(List<ChangeEvent> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(rows.size());
            for (ChangeEvent row : rows) {
                out.writeLong(row.sequence());
                out.writeLong(row.time().getEpochSecond());
                out.writeInt(row.time().getNano());
                out.writeLong(row.offsetNanos());
                out.writeByte(row.kind().ordinal());
                out.writeUTF(row.object());
                out.writeInt(row.port() == null ? NO_NUMBER : row.port());
                out.writeInt(row.vcpu() == null ? NO_NUMBER : row.vcpu());
                out.writeUTF(row.field());
                out.writeUTF(row.from());
                out.writeUTF(row.to());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // not from a byte array
        }
        return bytes.toByteArray();
    }

    private static List<ChangeEvent> decode(byte[] bytes) throws IOException {
        ChangeEvent.Kind[] kinds = ChangeEvent.Kind.values();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int count = in.readInt();
            List<ChangeEvent> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long sequence = in.readLong();
                Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
                long offset = in.readLong();
                ChangeEvent.Kind kind = kinds[in.readByte()];
                String object = in.readUTF();
                int port = in.readInt();
                int vcpu = in.readInt();
                rows.add(new ChangeEvent(sequence, time, offset, kind, object, port == NO_NUMBER ? null : port,
                        vcpu == NO_NUMBER ? null : vcpu, in.readUTF(), in.readUTF(), in.readUTF()));
            }
            return List.copyOf(rows);
        }
    }

    /** Deletes the file; the log reads as empty afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        size = 0;
        cache.clear();
        filling.clear();
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file: deleteOnExit has it
        }
    }
}

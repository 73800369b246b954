package org.xenguest.debug.core.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import net.fornwall.jelf.BackingFile;
import net.fornwall.jelf.ElfException;
import net.fornwall.jelf.ElfFile;

/**
 * Where the core readers parse ELF headers ({@link ElfCoreMemory}, {@link XenCoreMemory}): jelf
 * over positioned reads of an open channel, so that only the headers are read and a core larger
 * than 2 GiB opens too (jelf's own {@code from(Path)} maps the whole file, which stops there).
 */
final class ElfFiles {

    private ElfFiles() {
    }

    /**
     * The ELF headers of {@code file}, read through {@code channel}.
     *
     * @throws GuestMemoryException naming the file when it is not ELF or its headers lie past its end
     */
    static ElfFile parse(Path file, FileChannel channel, String whatToGive) throws IOException {
        try {
            return ElfFile.from(new ChannelFile(file, channel));
        } catch (ElfException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new GuestMemoryException(file + " is not a readable ELF file: " + e.getMessage() + ". " + whatToGive, e);
        } catch (UncheckedIOException e) {
            throw new GuestMemoryException("cannot read " + file + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** jelf's reads, served from a 4 KiB window over the channel. */
    private static final class ChannelFile implements BackingFile {
        private final Path file;
        private final FileChannel channel;
        private final ByteBuffer window = ByteBuffer.allocate(4096);
        private long windowStart = -1;
        private long position;

        ChannelFile(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        @Override
        public void seek(long offset) {
            position = offset;
        }

        @Override
        public void skip(int bytes) {
            position += bytes;
        }

        @Override
        public short readUnsignedByte() {
            if (windowStart < 0 || position < windowStart || position >= windowStart + window.limit()) {
                fill(position);
            }
            if (position >= windowStart + window.limit()) {
                throw new ElfException("the file ends at byte " + position + " inside its ELF headers (truncated?)");
            }
            return (short) (window.get((int) (position++ - windowStart)) & 0xff);
        }

        @Override
        public int read(byte[] into) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(into);
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, position + buffer.position());
                    if (n < 0) {
                        break;
                    }
                }
                position += buffer.position();
                return buffer.position();
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }

        private void fill(long from) {
            try {
                window.clear();
                while (window.hasRemaining()) {
                    if (channel.read(window, from + window.position()) < 0) {
                        break;
                    }
                }
                window.flip();
                windowStart = from;
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }
    }
}

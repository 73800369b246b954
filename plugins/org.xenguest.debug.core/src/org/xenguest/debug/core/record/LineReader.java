package org.xenguest.debug.core.record;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a recording, each with whether its newline was written: a last line without one was
 * cut by a crash (the writer ends every line with a newline and flushes it).
 */
final class LineReader implements Closeable {
    /** One line; {@code complete} is false for a last line with no newline. */
    record Line(String text, boolean complete) {
    }

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;

    LineReader(Reader in) {
        this.in = in;
    }

    /** The next line, or null at the end. */
    Line next() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line == null ? null : new Line(line.toString(), false);
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (line == null) {
                line = new StringBuilder(position - start + 16);
            }
            line.append(buffer, start, position - start);
            if (position < limit) {
                position++;   // the newline
                return new Line(line.toString(), true);
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

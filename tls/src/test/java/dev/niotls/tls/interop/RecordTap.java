package dev.niotls.tls.interop;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.testing.ForwardingBio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Bio} that passes everything through and notes the TLS record headers of what went out (the
 * bytes the BIO accepted): the record types in order, so a test can say what niotls put on the wire
 * and when (e.g. application data in the middle of a renegotiation).
 */
final class RecordTap extends ForwardingBio {
    private final List<Integer> types = new ArrayList<>();
    private final byte[] header = new byte[5];
    private int headerFilled;
    private int bodyLeft;

    RecordTap(Bio delegate) {
        super(delegate);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int start = src.position();
        int written = delegate.write(src);
        for (int i = 0; i < written; i++) {
            note(src.get(start + i));
        }
        return written;
    }

    private synchronized void note(byte value) {
        if (bodyLeft > 0) {
            bodyLeft--;
            return;
        }
        header[headerFilled++] = value;
        if (headerFilled == 5) {
            headerFilled = 0;
            bodyLeft = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
            types.add(header[0] & 0xFF);
        }
    }

    /** The record types written so far, runs compressed: "22x4 20x1 22x1 23x105 22x1". */
    synchronized String summary() {
        StringBuilder summary = new StringBuilder();
        for (int i = 0; i < types.size(); ) {
            int type = types.get(i);
            int run = 1;
            while (i + run < types.size() && types.get(i + run) == type) {
                run++;
            }
            summary.append(type).append('x').append(run).append(' ');
            i += run;
        }
        return summary.toString().trim();
    }
}

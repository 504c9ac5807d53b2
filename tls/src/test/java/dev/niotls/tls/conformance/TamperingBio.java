package dev.niotls.tls.conformance;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.testing.ForwardingBio;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A Bio that flips one bit of the byte at a chosen offset of the stream it reads (counted from the
 * first byte ever read): a corrupted record on the wire, for R6's bad_record_mac.
 */
final class TamperingBio extends ForwardingBio {
    private long bytesRead;
    private long flipAt = -1;

    TamperingBio(Bio delegate) {
        super(delegate);
    }

    /** Flips the lowest bit of the byte at stream offset {@code offset} when it is read. */
    void flipAt(long offset) {
        this.flipAt = offset;
    }

    long bytesRead() {
        return bytesRead;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int count = delegate.read(dst);
        if (count > 0 && flipAt >= bytesRead && flipAt < bytesRead + count) {
            int index = start + (int) (flipAt - bytesRead);
            dst.put(index, (byte) (dst.get(index) ^ 1));
        }
        bytesRead += Math.max(count, 0);
        return count;
    }
}

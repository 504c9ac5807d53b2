package dev.niotls.tls.interop;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.testing.ForwardingBio;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link Bio} that, once armed, flips one bit inside the payload of the next record written (the
 * encrypted body, past the 5-byte header and the first 8 bytes, which in TLS 1.2 AES-GCM are the
 * explicit nonce): what a corrupting middlebox does. The peer's decryption must fail (bad_record_mac).
 * Armed only at a record boundary, when everything niotls had to send is on the wire.
 */
final class BitFlipBio extends ForwardingBio {
    private static final int OFFSET_IN_RECORD = 5 + 8 + 3;

    private long written;
    private long target = -1;
    private boolean flipped;

    BitFlipBio(Bio delegate) {
        super(delegate);
    }

    /** The next record written gets one bit flipped. */
    void arm() {
        target = written + OFFSET_IN_RECORD;
    }

    boolean flipped() {
        return flipped;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int start = src.position();
        if (target >= 0 && !flipped && target < written + src.remaining()) {
            int index = start + (int) (target - written);
            src.put(index, (byte) (src.get(index) ^ 0x10));
            flipped = true;
        }
        int count = delegate.write(src);
        written += count;
        return count;
    }
}

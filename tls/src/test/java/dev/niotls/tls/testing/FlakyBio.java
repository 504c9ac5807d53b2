package dev.niotls.tls.testing;

import dev.niotls.tls.bio.Bio;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link Bio} that refuses every other call with "would block" (returns 0 without touching the
 * buffer), reads and writes counted separately, starting with a refusal: OpenSSL's {@code async_bio}
 * of {@code test/asynciotest.c} ({@code test_asyncio}), SPEC B3. Always non-blocking, whatever it
 * wraps, since a blocking BIO must never return 0.
 */
public final class FlakyBio extends ForwardingBio {
    private boolean refuseNextRead = true;
    private boolean refuseNextWrite = true;
    private long refusedReads;
    private long refusedWrites;

    public FlakyBio(Bio delegate) {
        super(delegate);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        boolean refuse = refuseNextRead;
        refuseNextRead = !refuse;
        if (refuse && dst.hasRemaining()) {
            refusedReads++;
            return 0;
        }
        return delegate.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        boolean refuse = refuseNextWrite;
        refuseNextWrite = !refuse;
        if (refuse && src.hasRemaining()) {
            refusedWrites++;
            return 0;
        }
        return delegate.write(src);
    }

    /** How many reads were refused so far (to prove the refusals happened). */
    public long refusedReads() {
        return refusedReads;
    }

    /** How many writes were refused so far. */
    public long refusedWrites() {
        return refusedWrites;
    }

    @Override
    public boolean isBlocking() {
        return false;
    }

    @Override
    public String toString() {
        return "Flaky[" + delegate + "]";
    }
}

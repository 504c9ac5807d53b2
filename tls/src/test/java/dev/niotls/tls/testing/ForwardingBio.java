package dev.niotls.tls.testing;

import dev.niotls.tls.bio.Bio;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link Bio} that hands every call to the BIO it wraps: the base of the test BIOs that change one thing
 * (split, refuse, tamper, count) and forward the rest. OpenSSL's filter BIOs ({@code BIO_f_*}) forward to
 * {@code BIO_next} the same way.
 */
public abstract class ForwardingBio implements Bio {
    protected final Bio delegate;

    protected ForwardingBio(Bio delegate) {
        this.delegate = delegate;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return delegate.write(src);
    }

    @Override
    public boolean isBlocking() {
        return delegate.isBlocking();
    }

    @Override
    public void shutdownOutput() throws IOException {
        delegate.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}

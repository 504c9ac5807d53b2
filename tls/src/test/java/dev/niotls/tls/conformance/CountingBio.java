package dev.niotls.tls.conformance;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.testing.ForwardingBio;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A {@link Bio} that counts the writes that took bytes: what leaves as one TCP segment on a socket. */
final class CountingBio extends ForwardingBio {
    int writes;

    private CountingBio(Bio delegate) {
        super(delegate);
    }

    /** {@code plain} with both BIOs counted. */
    static Link around(Link plain) {
        return plain.withBios(new CountingBio(plain.clientBio), new CountingBio(plain.serverBio));
    }

    /** The writer's counted BIO of peers opened over {@link #around}. */
    static CountingBio of(Peers peers, Role role) {
        return (CountingBio) (role.clientWrites() ? peers.link.clientBio : peers.link.serverBio);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int written = super.write(src);
        if (written > 0) {
            writes++;
        }
        return written;
    }
}

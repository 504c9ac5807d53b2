package dev.niotls.bench.niotls;

import java.nio.ByteBuffer;

/** What a service does with a {@link Session}; every call comes from the session's loop thread. */
public interface SessionHandler {
    /** The handshake is done; the session may send. */
    default void opened(Session session) {
    }

    /**
     * Decrypted bytes arrived. {@code data} is the loop's shared read buffer, valid only during this call:
     * copy what must outlive it.
     */
    void received(Session session, ByteBuffer data);

    /** The session is closed; {@code reason} is null for a clean close. */
    default void closed(Session session, String reason) {
    }
}

package dev.niotls.tls.context;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.tls.SessionID;
import org.bouncycastle.tls.TlsSession;

/**
 * The server's TLS 1.2 session-ID cache: OpenSSL's internal session cache ({@code SSL_CTX_sess_set_cache_size},
 * {@code SSL_CTX_set_timeout}). Bounded in entries (least recently used goes first) and in age. Shared by all
 * connections of a context; the lock is held only for a map operation.
 *
 * <p>Bouncy Castle 1.84 has no TLS 1.3 resumption (no NewSessionTicket, no PSK from tickets), so only TLS 1.2
 * sessions land here.
 */
final class ServerSessionCache {
    private final int capacity;
    private final long lifetimeNanos;
    private final Map<SessionID, Entry> entries;

    ServerSessionCache(int capacity, Duration lifetime) {
        this.capacity = capacity;
        this.lifetimeNanos = lifetime.toNanos();
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    boolean isEnabled() {
        return capacity > 0;
    }

    /** Stores a fresh full-handshake session, remembering the SNI name it was made under. */
    synchronized void put(TlsSession session, String serverName) {
        if (!isEnabled() || session.getSessionID().length == 0) {
            return;
        }
        entries.put(new SessionID(session.getSessionID()), new Entry(session, serverName, System.nanoTime()));
        while (entries.size() > capacity) {
            SessionID eldest = entries.keySet().iterator().next();
            entries.remove(eldest);
        }
    }

    /**
     * The session to resume, or null: unknown, expired, invalidated by a fatal alert, or made under another
     * SNI name (RFC 6066 section 3: a server must not resume across server names).
     */
    synchronized TlsSession get(byte[] sessionId, String serverName) {
        if (!isEnabled() || sessionId == null || sessionId.length == 0) {
            return null;
        }
        SessionID key = new SessionID(sessionId);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        boolean expired = System.nanoTime() - entry.createdNanos > lifetimeNanos;
        if (expired || !entry.session.isResumable()) {
            entries.remove(key);
            return null;
        }
        return Objects.equals(entry.serverName, serverName) ? entry.session : null;
    }

    private static final class Entry {
        final TlsSession session;
        final String serverName;
        final long createdNanos;

        Entry(TlsSession session, String serverName, long createdNanos) {
            this.session = session;
            this.serverName = serverName;
            this.createdNanos = createdNanos;
        }
    }
}

package dev.niotls.tls.context;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.tls.TlsSession;

/**
 * The client's TLS 1.2 sessions, one per peer "host:port" (what an OpenSSL application keeps with
 * {@code SSL_get1_session} / {@code SSL_set_session}). Bounded in entries and age; thread-safe.
 */
final class ClientSessionCache {
    private final int capacity;
    private final long lifetimeNanos;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    ClientSessionCache(int capacity, Duration lifetime) {
        this.capacity = capacity;
        this.lifetimeNanos = lifetime.toNanos();
    }

    static String key(String peerHost, int peerPort) {
        return peerHost == null ? null : peerHost + ":" + peerPort;
    }

    synchronized void put(String peerKey, TlsSession session) {
        if (peerKey == null || capacity <= 0 || !session.isResumable()) {
            return;
        }
        entries.put(peerKey, new Entry(session, System.nanoTime()));
        while (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    synchronized TlsSession get(String peerKey) {
        if (peerKey == null) {
            return null;
        }
        Entry entry = entries.get(peerKey);
        if (entry == null) {
            return null;
        }
        if (System.nanoTime() - entry.createdNanos > lifetimeNanos || !entry.session.isResumable()) {
            entries.remove(peerKey);
            return null;
        }
        return entry.session;
    }

    private static final class Entry {
        final TlsSession session;
        final long createdNanos;

        Entry(TlsSession session, long createdNanos) {
            this.session = session;
            this.createdNanos = createdNanos;
        }
    }
}

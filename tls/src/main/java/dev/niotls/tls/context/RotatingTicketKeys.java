package dev.niotls.tls.context;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Ticket keys for one server, generated in memory: a new random key every {@code rotation}; a replaced key keeps
 * opening tickets for {@code ticketLifetime} more (every ticket it sealed lives at most that long), then it is
 * forgotten. A restart forgets every key, so tickets of the previous run fall back to full handshakes (that is
 * what the key file is for). Go's crypto/tls and OpenSSL's automatic keys work the same way.
 */
final class RotatingTicketKeys implements SessionTicketKeys {
    private final long rotationMillis;
    private final long lifetimeMillis;
    private final SecureRandom random;
    private volatile Snapshot snapshot;

    /** The key set and the time until which it needs no change (the next rotation or retirement). */
    private static final class Snapshot {
        final TicketKeySet set;
        final long validUntilMillis;

        Snapshot(TicketKeySet set, long validUntilMillis) {
            this.set = set;
            this.validUntilMillis = validUntilMillis;
        }
    }

    RotatingTicketKeys(long rotationMillis, long lifetimeMillis, SecureRandom random, long nowMillis) {
        this.rotationMillis = rotationMillis;
        this.lifetimeMillis = lifetimeMillis;
        this.random = random;
        TicketKey first = TicketKey.random(random, nowMillis);
        this.snapshot = new Snapshot(new TicketKeySet(List.of(first)), nowMillis + rotationMillis);
    }

    @Override
    public TicketKeySet current(long nowMillis) {
        Snapshot current = snapshot;
        if (nowMillis < current.validUntilMillis) {
            return current.set; // the hot path: one volatile read and a comparison
        }
        return rotate(nowMillis);
    }

    private synchronized TicketKeySet rotate(long nowMillis) {
        Snapshot current = snapshot;
        if (nowMillis < current.validUntilMillis) {
            return current.set; // another thread rotated meanwhile
        }
        List<TicketKey> keys = new ArrayList<>(current.set.keys());
        if (nowMillis - keys.get(0).createdMillis >= rotationMillis) {
            keys.add(0, TicketKey.random(random, nowMillis));
        }
        // Key i sealed its last ticket before its rotation time (rotation is lazy but happens before any sealing
        // past it) and before key i-1 was made; that ticket expires a lifetime later.
        long validUntil = keys.get(0).createdMillis + rotationMillis;
        for (int i = keys.size() - 1; i >= 1; i--) {
            long retired = Math.min(keys.get(i - 1).createdMillis, keys.get(i).createdMillis + rotationMillis);
            long lastTicketExpires = retired + lifetimeMillis;
            if (nowMillis >= lastTicketExpires) {
                keys.remove(i);
            } else {
                validUntil = Math.min(validUntil, lastTicketExpires);
            }
        }
        snapshot = new Snapshot(new TicketKeySet(keys), validUntil);
        return snapshot.set;
    }
}

package dev.niotls.tls.context;

import java.util.List;

/**
 * The keys in force at one moment: the first seals new tickets, every one opens tickets (rotation: a key that no
 * longer encrypts keeps decrypting the tickets it sealed while they live). Immutable; replaced as a whole.
 */
final class TicketKeySet {
    private final List<TicketKey> keys;

    TicketKeySet(List<TicketKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a ticket key set needs at least one key");
        }
        this.keys = List.copyOf(keys);
    }

    /** The key that seals new tickets. */
    TicketKey encrypting() {
        return keys.get(0);
    }

    /** The key whose name {@code ticket} carries, or null: a foreign or retired key. */
    TicketKey find(byte[] ticket) {
        for (TicketKey key : keys) {
            if (key.names(ticket)) {
                return key;
            }
        }
        return null;
    }

    List<TicketKey> keys() {
        return keys;
    }

    /** The names in hex, encrypting key first. */
    List<String> names() {
        return keys.stream().map(TicketKey::hexName).toList();
    }
}

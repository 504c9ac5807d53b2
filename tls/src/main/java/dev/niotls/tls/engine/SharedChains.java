package dev.niotls.tls.engine;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peer certificate chains (encoded) shared by the connections that received the same one: the connections of a
 * client to one server all see one chain, and keeping one copy per connection would be most of an idle
 * connection's heap after the TLS 1.3 hand-off. Bounded: when full it starts over (a chain then has a few
 * copies more, never a wrong one).
 */
final class SharedChains {
    private static final int MAX_CHAINS = 256;
    private static final ConcurrentHashMap<Key, byte[][]> CHAINS = new ConcurrentHashMap<>();

    private SharedChains() {
    }

    /** The one copy of {@code chain} kept here, or {@code chain} itself. */
    static byte[][] intern(byte[][] chain) {
        Key key = new Key(chain);
        byte[][] shared = CHAINS.get(key);
        if (shared != null) {
            return shared;
        }
        if (CHAINS.size() >= MAX_CHAINS) {
            CHAINS.clear();
        }
        shared = CHAINS.putIfAbsent(key, chain);
        return shared != null ? shared : chain;
    }

    private static final class Key {
        private final byte[][] chain;
        private final int hash;

        Key(byte[][] chain) {
            this.chain = chain;
            this.hash = Arrays.deepHashCode(chain);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && ((Key) other).hash == hash && Arrays.deepEquals(((Key) other).chain, chain);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

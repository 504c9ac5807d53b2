package dev.niotls.tls;

import java.util.Set;

/**
 * The modes of one connection as bits ({@code 1 << ordinal}): the twin of OpenSSL's {@code SSL->mode}
 * ({@code SSL_set_mode}). An int in the connection rather than an object of its own: the retained heap of an
 * idle connection is a figure niotls keeps (BENCHMARKS.md, IdleMemoryTest).
 */
final class ConnectionModes {
    private ConnectionModes() {
    }

    static int of(Set<TlsMode> modes) {
        int bits = 0;
        for (TlsMode mode : modes) {
            bits |= bit(mode);
        }
        return bits;
    }

    /** {@code SSL_set_mode} when {@code on}, else {@code SSL_clear_mode}. */
    static int change(int bits, TlsMode[] changed, boolean on) {
        for (TlsMode mode : changed) {
            bits = on ? bits | bit(mode) : bits & ~bit(mode);
        }
        return bits;
    }

    /** {@code SSL_get_mode}: whether {@code mode} is on. */
    static boolean has(int bits, TlsMode mode) {
        return (bits & bit(mode)) != 0;
    }

    private static int bit(TlsMode mode) {
        return 1 << mode.ordinal();
    }
}

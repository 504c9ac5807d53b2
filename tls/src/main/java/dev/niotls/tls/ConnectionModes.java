package dev.niotls.tls;

import java.util.Set;

/** The modes of one connection: the twin of OpenSSL's {@code SSL->mode} bits ({@code SSL_set_mode}). */
final class ConnectionModes {
    private boolean autoRetry;
    private boolean partialWrites;
    private boolean movingWriteBuffer;
    private boolean releaseBuffers;

    ConnectionModes(Set<TlsMode> initial) {
        for (TlsMode mode : initial) {
            set(mode, true);
        }
    }

    /** {@code SSL_set_mode} when {@code on}, else {@code SSL_clear_mode}. */
    void change(TlsMode[] changed, boolean on) {
        for (TlsMode mode : changed) {
            set(mode, on);
        }
    }

    /** {@code SSL_get_mode}: whether {@code mode} is on. */
    boolean has(TlsMode mode) {
        switch (mode) {
            case AUTO_RETRY:
                return autoRetry;
            case ENABLE_PARTIAL_WRITE:
                return partialWrites;
            case ACCEPT_MOVING_WRITE_BUFFER:
                return movingWriteBuffer;
            default:
                return releaseBuffers;
        }
    }

    private void set(TlsMode mode, boolean on) {
        switch (mode) {
            case AUTO_RETRY:
                autoRetry = on;
                break;
            case ENABLE_PARTIAL_WRITE:
                partialWrites = on;
                break;
            case ACCEPT_MOVING_WRITE_BUFFER:
                movingWriteBuffer = on;
                break;
            default:
                releaseBuffers = on;
        }
    }

    boolean autoRetry() {
        return autoRetry;
    }

    boolean partialWrites() {
        return partialWrites;
    }

    boolean movingWriteBuffer() {
        return movingWriteBuffer;
    }

    boolean releaseBuffers() {
        return releaseBuffers;
    }
}

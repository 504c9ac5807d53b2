package dev.niotls.tls.reactor;

import java.time.Duration;

/**
 * What server and client channels share: timeouts and the send-queue bound. Immutable.
 *
 * @param handshakeTimeout time from TCP accept/connect to the end of the first handshake
 * @param idleTimeout time without a byte moving either way before a graceful close; zero is off
 * @param closeTimeout time a graceful close may take before the socket is closed anyway
 * @param sendQueueLimit queued plaintext bytes at which {@link TlsChannel#send} returns false
 * @param awaitPeerClose whether a graceful close waits for the peer's close_notify (or end of stream)
 *     once ours is out, or closes the socket right then
 */
record ChannelSettings(Duration handshakeTimeout, Duration idleTimeout, Duration closeTimeout, long sendQueueLimit,
        boolean awaitPeerClose) {
    static final ChannelSettings DEFAULTS =
            new ChannelSettings(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(3), 256 * 1024, true);

    ChannelSettings {
        requirePositive(handshakeTimeout, "handshakeTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative (zero is off): " + idleTimeout);
        }
        requirePositive(closeTimeout, "closeTimeout");
        if (sendQueueLimit < 1) {
            throw new IllegalArgumentException("sendQueueLimit must be at least 1: " + sendQueueLimit);
        }
    }

    ChannelSettings withHandshakeTimeout(Duration value) {
        return new ChannelSettings(value, idleTimeout, closeTimeout, sendQueueLimit, awaitPeerClose);
    }

    ChannelSettings withIdleTimeout(Duration value) {
        return new ChannelSettings(handshakeTimeout, value, closeTimeout, sendQueueLimit, awaitPeerClose);
    }

    ChannelSettings withCloseTimeout(Duration value) {
        return new ChannelSettings(handshakeTimeout, idleTimeout, value, sendQueueLimit, awaitPeerClose);
    }

    ChannelSettings withSendQueueLimit(long value) {
        return new ChannelSettings(handshakeTimeout, idleTimeout, closeTimeout, value, awaitPeerClose);
    }

    ChannelSettings withAwaitPeerClose(boolean value) {
        return new ChannelSettings(handshakeTimeout, idleTimeout, closeTimeout, sendQueueLimit, value);
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}

package dev.niotls.tls.reactor;

import dev.niotls.reactor.TimerHandle;
import java.util.concurrent.TimeUnit;

/**
 * The three timeouts of a channel, on its loop's timers: handshake (from TCP accept or connect to
 * the first Finished), idle (no byte either way, once established) and close (a graceful close that
 * must end). The idle timer is not moved on every read or write, which would cost a heap operation
 * per record: activity just stamps the time, and the timer, when it fires, sleeps again for what is
 * left (Netty's {@code IdleStateHandler} does the same).
 *
 * <p>The three never run at once (handshake while HANDSHAKING, idle while OPEN, close while CLOSING), so one
 * handle holds whichever is armed: every idle channel keeps this object, and two more fields would be 8 bytes
 * more of it (BENCHMARKS.md, idle memory).
 */
final class ChannelTimers {
    private final ChannelSettings settings;
    private final ReactorChannel channel;
    /** The timer armed now: the handshake's, the idle one or the close's; null when none is. */
    private TimerHandle timer;
    /** When bytes last moved; read when the idle timer fires. */
    private long lastActivityNanos;

    ChannelTimers(ChannelSettings settings, ReactorChannel channel) {
        this.settings = settings;
        this.channel = channel;
    }

    void handshakeStarted() {
        timer = channel.loop().schedule(settings.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS,
                channel::handshakeTimedOut);
    }

    void handshakeDone() {
        cancelAll(); // a cancelled handle would keep itself and its task alive for the channel's life
        long idleNanos = settings.idleTimeout().toNanos();
        if (idleNanos > 0) {
            lastActivityNanos = System.nanoTime();
            timer = channel.loop().schedule(idleNanos, TimeUnit.NANOSECONDS, this::checkIdle);
        }
    }

    /** Bytes moved: the idle clock starts again. */
    void activity() {
        // Bytes move only once the handshake is done: an armed timer is the idle one (or, while closing,
        // the close timer, for which the stamp is merely unused). No timer, no clock to read.
        if (timer != null) {
            lastActivityNanos = System.nanoTime();
        }
    }

    /** Called once, when OPEN turns CLOSING: the idle timer gives way to the close timer. */
    void closeStarted() {
        cancelAll();
        timer = channel.loop().schedule(settings.closeTimeout().toNanos(), TimeUnit.NANOSECONDS,
                channel::closeTimedOut);
    }

    /** Whether a close waits for the peer once our close_notify is out (the settings live here, not in the channel). */
    boolean awaitPeerClose() {
        return settings.awaitPeerClose();
    }

    void cancelAll() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void checkIdle() {
        long left = lastActivityNanos + settings.idleTimeout().toNanos() - System.nanoTime();
        if (left > 0) {
            timer.reschedule(left, TimeUnit.NANOSECONDS);
        } else {
            channel.idleTimedOut();
        }
    }
}

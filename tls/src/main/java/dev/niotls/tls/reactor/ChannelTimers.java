package dev.niotls.tls.reactor;

import dev.niotls.reactor.EventLoop;
import dev.niotls.reactor.TimerHandle;
import java.util.concurrent.TimeUnit;

/**
 * The three timeouts of a channel, on its loop's timers: handshake (from TCP accept or connect to
 * the first Finished), idle (no byte either way, once established) and close (a graceful close that
 * must end). The idle timer is not moved on every read or write, which would cost a heap operation
 * per record: activity just stamps the time, and the timer, when it fires, sleeps again for what is
 * left (Netty's {@code IdleStateHandler} does the same).
 */
final class ChannelTimers {
    private final EventLoop loop;
    private final ChannelSettings settings;
    private final ReactorChannel channel;
    private final long idleNanos;
    private TimerHandle handshake;
    private TimerHandle idle;
    private TimerHandle close;
    private long lastActivityNanos;

    ChannelTimers(EventLoop loop, ChannelSettings settings, ReactorChannel channel) {
        this.loop = loop;
        this.settings = settings;
        this.channel = channel;
        this.idleNanos = settings.idleTimeout().toNanos();
    }

    void handshakeStarted() {
        handshake = loop.schedule(settings.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS,
                channel::handshakeTimedOut);
    }

    void handshakeDone() {
        cancel(handshake);
        handshake = null; // a cancelled handle would keep itself and its task alive for the channel's life
        if (idleNanos > 0) {
            lastActivityNanos = System.nanoTime();
            idle = loop.schedule(idleNanos, TimeUnit.NANOSECONDS, this::checkIdle);
        }
    }

    /** Bytes moved: the idle clock starts again. */
    void activity() {
        if (idle != null) {
            lastActivityNanos = System.nanoTime();
        }
    }

    void closeStarted() {
        cancel(idle);
        idle = null;
        if (close == null) {
            close = loop.schedule(settings.closeTimeout().toNanos(), TimeUnit.NANOSECONDS, channel::closeTimedOut);
        }
    }

    void cancelAll() {
        cancel(handshake);
        cancel(idle);
        cancel(close);
        handshake = null;
        idle = null;
        close = null;
    }

    private void checkIdle() {
        long left = lastActivityNanos + idleNanos - System.nanoTime();
        if (left > 0) {
            idle.reschedule(left, TimeUnit.NANOSECONDS);
        } else {
            channel.idleTimedOut();
        }
    }

    private static void cancel(TimerHandle timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}

package dev.niotls.samples;

import dev.niotls.tls.reactor.TlsChannel;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Sends a seeded stream on a channel as fast as its send queue allows (or at {@code --rate}), starting
 * a renegotiation or a key update every so many bytes when asked; then runs {@code whenAllQueued}.
 * Driven by the channel's callbacks and loop timers; never blocks.
 *
 * <p>{@code --pause-at} stops the stream until the peer renegotiates or updates its keys: the window
 * an interactive {@code openssl s_client} needs for its {@code R} command. OpenSSL drives a
 * renegotiation it starts from {@code SSL_write}, where an application-data record arriving before
 * the ServerHello is fatal ({@code SSL_R_UNEXPECTED_RECORD}); s_client also reads its stdin only when
 * the socket has nothing to read, so a command typed into a busy stream waits.
 */
final class StreamSender {
    private static final int CHUNK = 64 * 1024;
    private static final long PAUSE_POLL_MILLIS = 10;
    private static final long PAUSE_LIMIT_NANOS = 10_000_000_000L;

    private final TlsChannel channel;
    private final StreamPlan plan;
    private final Runnable whenAllQueued;
    private long queued;
    private long startNanos;
    private boolean timerArmed;
    private boolean done;
    private int renegotiationsStarted;
    private int keyUpdatesStarted;
    private boolean paused;
    private boolean pauseOver;

    StreamSender(TlsChannel channel, StreamPlan plan, Runnable whenAllQueued) {
        this.channel = channel;
        this.plan = plan;
        this.whenAllQueued = whenAllQueued;
    }

    void start() {
        startNanos = System.nanoTime();
        pump();
    }

    /** Queues chunks until the queue is full (then {@code onWritable} calls again), the rate says wait, or the end. */
    void pump() {
        while (queued < plan.bytes && channel.isOpen()) {
            if (plan.pauseAt > 0 && queued == plan.pauseAt && !pauseOver) {
                pause();
                return;
            }
            long end = queued < plan.pauseAt ? plan.pauseAt : plan.bytes;
            int chunk = (int) Math.min(CHUNK, end - queued);
            if (plan.rate > 0) {
                long allowed = (long) (plan.rate * ((System.nanoTime() - startNanos) / 1e9)) - queued;
                if (allowed <= 0) {
                    waitForRate();
                    return;
                }
                chunk = (int) Math.min(chunk, allowed);
            }
            ByteBuffer data = ByteBuffer.allocate(chunk); // the channel takes each buffer it is given
            SeededBytes.fill(plan.seed, queued, data);
            boolean roomLeft = channel.send(data.flip());
            long before = queued;
            queued += chunk;
            everySoOften(before);
            if (!roomLeft) {
                return;
            }
        }
        if (queued == plan.bytes && !done) {
            done = true;
            whenAllQueued.run();
        }
    }

    /** Polls (on the loop's timer) until the peer changed keys or the limit passed, then resumes. */
    private void pause() {
        if (paused) {
            return;
        }
        paused = true;
        long changesBefore = keyChanges();
        long pausedAt = System.nanoTime();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (!channel.isOpen()) {
                    return;
                }
                if (keyChanges() == changesBefore && System.nanoTime() - pausedAt < PAUSE_LIMIT_NANOS) {
                    channel.loop().schedule(PAUSE_POLL_MILLIS, TimeUnit.MILLISECONDS, this);
                    return;
                }
                pauseOver = true;
                pump();
            }
        };
        channel.loop().schedule(PAUSE_POLL_MILLIS, TimeUnit.MILLISECONDS, check);
    }

    private long keyChanges() {
        return channel.connection().renegotiations() + channel.connection().keyUpdatesReceived();
    }

    private void waitForRate() {
        if (!timerArmed) {
            timerArmed = true;
            long delayMicros = Math.max(1000, (long) (CHUNK / 4 * 1e6 / plan.rate));
            channel.loop().schedule(delayMicros, TimeUnit.MICROSECONDS, () -> {
                timerArmed = false;
                pump();
            });
        }
    }

    /** Starts a renegotiation or key update each time the bytes queued cross a multiple of the interval. */
    private void everySoOften(long before) {
        if (plan.renegotiateEvery > 0 && before / plan.renegotiateEvery != queued / plan.renegotiateEvery
                && queued < plan.bytes) {
            if (channel.renegotiate()) {
                renegotiationsStarted++;
            } else if (renegotiationsStarted == 0) {
                System.out.println("renegotiation refused: " + channel.connection().lastReason());
            }
        }
        if (plan.keyUpdateEvery > 0 && before / plan.keyUpdateEvery != queued / plan.keyUpdateEvery
                && queued < plan.bytes) {
            if (channel.keyUpdate(true)) {
                keyUpdatesStarted++;
            } else if (keyUpdatesStarted == 0) {
                System.out.println("key update refused: " + channel.connection().lastReason());
            }
        }
    }

    long queued() {
        return queued;
    }

    long startNanos() {
        return startNanos;
    }

    boolean isDone() {
        return done;
    }
}

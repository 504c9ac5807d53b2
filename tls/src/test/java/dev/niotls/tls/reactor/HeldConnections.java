package dev.niotls.tls.reactor;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.reactor.TimerHandle;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.testing.SeededStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The long-lived connections of the soak's client process, on its own event loop: opened at the
 * start with at most 64 handshakes in flight (half TLS 1.3, half TLS 1.2), then each sends a ping
 * every 2 to 6 s (well under the server's 30 s idle timeout) and checks its echo byte by byte. One in 25
 * is a <em>streamer</em>: 48 KiB per ping, and every 15 s or more a renegotiation (TLS 1.2) or a
 * KeyUpdate asking for the server's (TLS 1.3) started right after the data is queued, so it runs
 * mid-stream. (Renegotiations stay under the server's default limit of 5 a minute.) Any close the
 * client did not ask for is a failure.
 */
final class HeldConnections {
    private static final int HANDSHAKES_IN_FLIGHT = 64;
    private static final int STREAMER_EVERY = 25;
    private static final int PING_BYTES = 64;
    private static final int STREAM_BYTES = 48 * 1024;
    private static final long REKEY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final EventLoopGroup group;
    private final InetSocketAddress server;
    private final TlsContext tls13;
    private final TlsContext tls12Full;
    private final TlsContext tls12Resuming;
    private final int count;
    private final long seed;
    private final SoakTally tally = new SoakTally("HELD");
    private final AtomicInteger launched = new AtomicInteger();
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger endedBeforeHandshake = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicLong echoes = new AtomicLong();
    private final AtomicLong rekeys = new AtomicLong();
    private final Queue<Held> open = new ConcurrentLinkedQueue<>();

    /**
     * @param tls12Resuming for the TLS 1.2 connections that are not streamers: they resume the first
     *     one's session (a server does not renegotiate a resumed connection, so streamers make full ones)
     */
    HeldConnections(EventLoopGroup group, InetSocketAddress server, TlsContext tls13, TlsContext tls12Full,
            TlsContext tls12Resuming, int count, long seed) {
        this.group = group;
        this.server = server;
        this.tls13 = tls13;
        this.tls12Full = tls12Full;
        this.tls12Resuming = tls12Resuming;
        this.count = count;
        this.seed = seed;
    }

    /** Opens them all; returns once each finished its handshake or failed, or after {@code max}. */
    void rampUp(Duration max) {
        for (int first = 0; first < Math.min(HANDSHAKES_IN_FLIGHT, count); first++) {
            launchNext();
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (established.get() + endedBeforeHandshake.get() < count && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void launchNext() {
        int index = launched.getAndIncrement();
        if (index >= count) {
            return;
        }
        boolean modern = index % 2 == 0;
        boolean streamer = index % STREAMER_EVERY == 0;
        Held held = new Held(index, modern, streamer);
        tally.started();
        TlsContext context = modern ? tls13 : streamer ? tls12Full : tls12Resuming;
        held.channel = TlsClient.connect(group, server, context, "localhost",
                TlsClientOptions.defaults().handshakeTimeout(Duration.ofSeconds(60))
                        .closeTimeout(Duration.ofSeconds(60)), held);
    }

    /**
     * Closes {@code fraction} of them gracefully (close_notify both ways) and waits for that; the rest
     * stay open, for the process's exit to drop (the server reads end of stream without close_notify).
     */
    void closeGracefully(double fraction, Duration max) {
        int toClose = (int) (open.size() * fraction);
        int target = closed.get() + toClose;
        for (int closing = 0; closing < toClose; closing++) {
            Held held = open.poll();
            if (held == null) {
                break;
            }
            held.channel.loop().execute(held::closeOnPurpose);
        }
        for (Held rest : open) {
            rest.channel.loop().execute(rest::expectAbruptEnd);
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (closed.get() < target && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    int established() {
        return established.get();
    }

    SoakTally tally() {
        return tally;
    }

    String summary() {
        return "held established=" + established + " echoes=" + echoes + " rekeys=" + rekeys + " closed=" + closed;
    }

    /** One long-lived connection; every method runs on its loop. */
    private final class Held implements TlsHandler {
        private final int index;
        private final boolean modern;
        private final boolean streamer;
        private final long streamSeed;
        private TlsChannel channel;
        private long sent;
        private long received;
        private long lastRekeyNanos = System.nanoTime();
        private TimerHandle nextPing;
        private boolean handshakeDone;
        /** The client closed it (or leaves it to the process exit): its end is no failure. */
        private boolean ending;
        private boolean abruptEndExpected;

        Held(int index, boolean modern, boolean streamer) {
            this.index = index;
            this.modern = modern;
            this.streamer = streamer;
            this.streamSeed = seed * 1_000_003L + index;
        }

        @Override
        public void onHandshake(TlsChannel channel) {
            handshakeDone = true;
            established.incrementAndGet();
            open.add(this);
            launchNext();
            schedulePing(ThreadLocalRandom.current().nextLong(500, 4_000));
        }

        private void schedulePing(long delayMillis) {
            nextPing = channel.loop().schedule(delayMillis, TimeUnit.MILLISECONDS, this::ping);
        }

        private void ping() {
            nextPing = null;
            if (ending || !channel.isOpen()) {
                return;
            }
            ByteBuffer data = ByteBuffer.allocate(streamer ? STREAM_BYTES : PING_BYTES);
            SeededStream stream = new SeededStream(streamSeed);
            stream.skip(sent);
            stream.fill(data);
            sent += data.capacity();
            channel.send(data.flip());
            if (streamer && System.nanoTime() - lastRekeyNanos > REKEY_INTERVAL_NANOS) {
                lastRekeyNanos = System.nanoTime();
                if (modern ? channel.keyUpdate(true) : channel.renegotiate()) {
                    rekeys.incrementAndGet();
                } else {
                    tally.failed("held #" + index + ": " + (modern ? "keyUpdate" : "renegotiate") + " refused: "
                            + channel.connection().lastReason());
                }
            }
        }

        @Override
        public void onData(TlsChannel channel, ByteBuffer data) {
            while (data.hasRemaining()) {
                byte expected = SeededStream.byteAt(streamSeed, received);
                if (data.get() != expected) {
                    tally.failed("held #" + index + ": echo differs at offset " + received);
                    ending = true;
                    channel.close();
                    return;
                }
                received++;
            }
            if (received == sent && !ending) {
                echoes.incrementAndGet();
                schedulePing(ThreadLocalRandom.current().nextLong(2_000, 6_000));
            }
        }

        void closeOnPurpose() {
            ending = true;
            cancelPing();
            channel.close();
        }

        void expectAbruptEnd() {
            ending = true;
            abruptEndExpected = true;
            cancelPing();
        }

        private void cancelPing() {
            if (nextPing != null) {
                nextPing.cancel();
                nextPing = null;
            }
        }

        @Override
        public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
            cancelPing();
            closed.incrementAndGet();
            open.remove(this);
            if (!handshakeDone) {
                endedBeforeHandshake.incrementAndGet();
                tally.failed("held #" + index + " (" + (modern ? "TLS 1.3" : "TLS 1.2") + ") failed before its handshake: "
                        + reason + " " + cause);
                launchNext();
            } else if (ending && reason == CloseReason.CLEAN && !abruptEndExpected) {
                tally.ok();
            } else {
                tally.failed("held #" + index + " (" + (modern ? "TLS 1.3" : "TLS 1.2") + ", " + sent
                        + " bytes sent, " + received + " echoed) closed: " + reason + " " + cause);
            }
        }
    }
}

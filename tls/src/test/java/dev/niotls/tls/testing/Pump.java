package dev.niotls.tls.testing;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Drives two {@link TlsConnection}s (a client and a server, each over its own non-blocking Bio end) in
 * one thread: the handshake, then seeded streams in either or both directions, checking the return
 * contract of every call on the way (SPEC W3, W7, W8, R1, R2).
 *
 * <p>Each round gives every {@link PumpSide} one write step and one read step. A write that returns
 * WANT_READ or WANT_WRITE is retried with the identical ByteBuffer object, untouched, as SPEC section 7
 * prescribes for a reactor. Reading continues even when a side expects no data, because reads are what
 * process the peer's handshake, renegotiation, KeyUpdate and close_notify records.
 *
 * <p>A blocking BIO would hang this single thread: use {@link BlockingPeer} for those, one thread per side.
 * The pump gives up (AssertionError with both sides' statistics) after {@link #MAX_IDLE_ROUNDS} rounds
 * in a row in which no call returned success, or after its deadline.
 */
public final class Pump {
    /** Rounds without any successful call before the pump declares a stall (1-byte BIOs need many). */
    public static final long MAX_IDLE_ROUNDS = 2_000_000;

    private final PumpSide client;
    private final PumpSide server;
    private long deadlineNanos = TimeUnit.SECONDS.toNanos(60);
    private long rounds;

    public Pump(TlsConnection client, TlsConnection server) {
        this.client = new PumpSide("client", client);
        this.server = new PumpSide("server", server);
    }

    public PumpSide client() {
        return client;
    }

    public PumpSide server() {
        return server;
    }

    /** The other side of {@code side}. */
    public PumpSide peerOf(PumpSide side) {
        return side == client ? server : client;
    }

    /** How long {@link #run()} and {@link #handshake()} may take before failing (default 60 s). */
    public Pump deadline(long amount, TimeUnit unit) {
        this.deadlineNanos = unit.toNanos(amount);
        return this;
    }

    /** Rounds run so far. */
    public long rounds() {
        return rounds;
    }

    /** Calls {@code doHandshake} on both sides until both have returned 1 (SPEC H1). */
    public void handshake() {
        boolean[] done = new boolean[2];
        runUntil(() -> {
            done[0] |= client.handshakeStep();
            done[1] |= server.handshakeStep();
            return done[0] && done[1];
        }, true);
    }

    /**
     * Sends the stream of {@code seed} ({@code total} bytes, writes cycling through {@code writeSizes})
     * from {@code from} to its peer, which reads with {@code readSize} buffers, and verifies it.
     *
     * @return the receiving side (for its statistics)
     */
    public PumpSide transfer(PumpSide from, long seed, long total, int readSize, int... writeSizes) {
        from.send(seed, total, writeSizes);
        PumpSide to = peerOf(from);
        to.receive(seed, total, readSize);
        run();
        return to;
    }

    /** Runs rounds until every configured send is written and every configured receive is verified. */
    public void run() {
        runUntil(() -> client.finished() && server.finished(), false);
        client.assertReceivedComplete();
        server.assertReceivedComplete();
    }

    /** Runs rounds until {@code condition} holds (checked before each round). */
    public void runUntil(BooleanSupplier condition) {
        runUntil(condition, false);
    }

    /** One round: a write step and a read step for each side; returns whether any call succeeded. */
    public boolean round() {
        rounds++;
        boolean progress = client.writeStep();
        progress |= server.writeStep();
        progress |= client.readStep();
        progress |= server.readStep();
        return progress;
    }

    /**
     * The loop behind every run: checks {@code condition} before each round; in handshake mode the
     * condition itself makes the calls, so every round counts as idle until it holds.
     */
    private void runUntil(BooleanSupplier condition, boolean handshakeOnly) {
        long deadline = System.nanoTime() + deadlineNanos;
        long idle = 0;
        while (!condition.getAsBoolean()) {
            if (handshakeOnly) {
                rounds++;
                idle++;
            } else {
                idle = round() ? 0 : idle + 1;
            }
            if (idle > MAX_IDLE_ROUNDS || System.nanoTime() - deadline > 0) {
                throw new AssertionError("pump stalled after " + rounds + " rounds (" + idle + " idle)\n  "
                        + client + "\n  " + server);
            }
        }
    }

    /** Fails with both sides' state, for a test that finds the pump in an unexpected state. */
    public String describe() {
        return client + "\n" + server;
    }

    static boolean isRetry(TlsError error) {
        return error == TlsError.WANT_READ || error == TlsError.WANT_WRITE;
    }
}

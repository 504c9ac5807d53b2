package dev.niotls.tls.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.testing.ChildProcess;
import java.util.function.UnaryOperator;

/**
 * The exchanges both openssl interop tests run with their peer ({@code s_client} or {@code s_server} in its
 * interactive mode): our seeded stream to the peer's stdout, the peer's stdin text to us, driven by a
 * {@link SelectorDriver}, with commands at set offsets. Closing it stops the stdin feeder.
 */
final class OpenSslExchange implements AutoCloseable {
    /** Bytes of our stream, and of the peer's. */
    static final long TO_OPENSSL = 2L << 20;
    static final long FROM_OPENSSL = 1L << 20;

    private final ChildProcess peer;
    private final String peerName;
    private final long seedOut;
    private final long seedIn;
    private StdinFeeder feeder;

    OpenSslExchange(ChildProcess peer, String peerName, long seedOut, long seedIn) {
        this.peer = peer;
        this.peerName = peerName;
        this.seedOut = seedOut;
        this.seedIn = seedIn;
    }

    /** A feeder of the peer's stream ({@link #FROM_OPENSSL} bytes), not started: the caller adds its commands. */
    StdinFeeder feeder(Progress progress, long deadlineNanos) {
        feeder = new StdinFeeder(peer, seedIn, FROM_OPENSSL, progress, deadlineNanos);
        return feeder;
    }

    /** Both streams at once, the peer's with {@code commands} in it; both arrive whole. */
    void bothWays(SelectorDriver driver, UnaryOperator<StdinFeeder> commands, long deadlineNanos) throws Exception {
        commands.apply(feeder(driver.progress(), deadlineNanos)).start();
        StreamSource source = new StreamSource(seedOut, TO_OPENSSL, 10_000);
        TextStream.Verifier verifier = new TextStream.Verifier(seedIn);
        driver.run(source, verifier::accept, () -> source.finished() && verifier.received() == FROM_OPENSSL,
                deadlineNanos);
        feeder.join();
        verifier.assertComplete(FROM_OPENSSL);
        new CapturedStream(seedOut, TO_OPENSSL).awaitIn(peer, deadlineNanos);
    }

    /**
     * H4: ours in the middle of our stream (the peer only reads then; OpenSSL answers our requested update with
     * its next write, so the answer comes first in its stream), then the peer's "k" and "K" in the middle of its
     * stream (we only read, and answer "K" with the zero-length write that flushes, W9). One direction at a time
     * keeps every count exact: our own requested update could otherwise double as the answer to "K" (RFC 8446
     * 4.6.3), and the feeder could take the peer's answer for the effect of its command. Ends with our
     * close_notify sent.
     */
    void keyUpdatesBothWays(TlsConnection connection, SelectorDriver driver, long deadlineNanos) throws Exception {
        StreamSource source = new StreamSource(seedOut, TO_OPENSSL, 10_000)
                .at(TO_OPENSSL / 3, () -> assertEquals(1, connection.keyUpdate(false)))
                .at(2 * TO_OPENSSL / 3, () -> assertEquals(1, connection.keyUpdate(true)));
        driver.run(source, buffer -> {
            throw new AssertionError("no data expected yet");
        }, () -> source.finished() && !connection.hasPendingOutput(), deadlineNanos);
        new CapturedStream(seedOut, TO_OPENSSL).awaitIn(peer, deadlineNanos);
        assertEquals(2, connection.keyUpdatesSent());
        assertEquals(0, connection.keyUpdatesReceived());

        // OpenSSL's answer to our requested update, then "k", then "K".
        feeder(driver.progress(), deadlineNanos)
                .command(FROM_OPENSSL / 3, "k", p -> p.keyUpdatesReceived() == 2, peerName + "'s KeyUpdate")
                .command(2 * FROM_OPENSSL / 3, "K", p -> p.keyUpdatesReceived() == 3,
                        peerName + "'s KeyUpdate(requested)")
                .start();
        TextStream.Verifier verifier = new TextStream.Verifier(seedIn);
        driver.run(() -> null, verifier::accept, () -> verifier.received() == FROM_OPENSSL, deadlineNanos);
        feeder.join();
        verifier.assertComplete(FROM_OPENSSL);
        assertEquals(3, connection.keyUpdatesReceived());
        assertEquals(3, connection.keyUpdatesSent(), "ours, and our answer to \"K\"");
        assertEquals(0, driver.shutdown(true, deadlineNanos));
    }

    @Override
    public void close() {
        if (feeder != null) {
            feeder.stop();
        }
    }
}

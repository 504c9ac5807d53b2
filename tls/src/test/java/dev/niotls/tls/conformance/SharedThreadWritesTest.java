package dev.niotls.tls.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.PumpSide;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Connections served by one thread share its scratch objects (issue 11: the engine's copy of plaintext from a
 * buffer without an array is one array per thread, not one per connection). Two connection pairs, their writes
 * from direct buffers interleaved round by round, each stream verified byte for byte (W1: what is written is
 * what arrives).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedThreadWritesTest {
    private static final String ROLES = "dev.niotls.tls.conformance.Matrix#versionsAndRoles";

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void W1_interleavedDirectBufferWritesOfTwoConnectionsArriveIntact(String version, Role role)
            throws IOException {
        try (Peers first = Peers.open(version, Transport.PAIR_17K);
                Peers second = Peers.open(version, Transport.PAIR_17K)) {
            Pump one = first.pump();
            Pump two = second.pump();
            one.handshake();
            two.handshake();
            send(first, role, 0x11L);
            send(second, role, 0x22L);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(done(one) && done(two))) {
                one.round();
                two.round();
                assertTrue(System.nanoTime() < deadline, () -> one.describe() + "\n" + two.describe());
            }
            one.run(); // verifies what each side received
            two.run();
        }
    }

    private static void send(Peers peers, Role role, long seed) {
        PumpSide writer = peers.writerSide(role).directBuffers(true);
        writer.send(seed, 200_000, 1, 700, 16_384, 5_000, 20_000);
        peers.readerSide(role).receive(seed, 200_000, 4096);
    }

    private static boolean done(Pump pump) {
        return pump.client().finished() && pump.server().finished();
    }
}

package dev.niotls.tls.conformance;

import static dev.niotls.tls.conformance.Steps.streamBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC R8: a peer floods records while the application does not read; the connection decrypts at most
 * about two records ahead of the application and leaves the rest of the ciphertext in the BIO.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BoundedMemoryTest {
    private static final long SEED = 0x5EED_0008L;
    private static final String ROLES = "dev.niotls.tls.conformance.Matrix#versionsAndRoles";
    private static final int RECORD = 16384;
    /** A record on the wire is at most 16384 bytes of plaintext plus header, padding and tag. */
    private static final int WIRE_RECORD = RECORD + 5 + 256;
    private static final int FLOOD = 4 << 20;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void R8_floodedReaderDecryptsAtMostAboutTwoRecordsAhead(String version, Role role) throws IOException {
        try (Peers peers = Peers.over(version, Transport.PAIR_17K).link(Link.pair(8 << 20, 8 << 20)).open()) {
            peers.pump().handshake();
            TlsConnection writer = peers.writer(role);
            TlsConnection reader = peers.reader(role);
            ByteBuffer flood = streamBuffer(SEED, FLOOD);
            // The pair holds it all: the writer never blocks, the reader never reads meanwhile.
            assertEquals(FLOOD, writer.write(flood));
            int ciphertext = peers.inFlightToReader(role);
            assertTrue(ciphertext > FLOOD, "all records are waiting in the BIO: " + ciphertext);

            StreamVerifier verifier = new StreamVerifier(SEED);
            ByteBuffer oneByte = ByteBuffer.allocate(1);
            for (int i = 0; i < 200; i++) {
                assertEquals(1, reader.read(oneByte.clear()));
                verifier.acceptWritten(oneByte, 0);
                assertBounded(peers, role, reader, ciphertext);
            }
            // Neither a peek nor a flushing write may pull the flood in.
            assertEquals(1, reader.peek(oneByte.clear()));
            assertEquals(0, reader.write(ByteBuffer.allocate(0)));
            assertBounded(peers, role, reader, ciphertext);

            ByteBuffer dst = ByteBuffer.allocate(RECORD);
            while (verifier.received() < FLOOD) {
                int n = reader.read(dst.clear());
                assertTrue(n > 0, () -> "read returned " + n + " / " + reader.getError(n));
                verifier.acceptWritten(dst, 0);
                assertTrue(reader.pending() <= 2 * RECORD, "pending " + reader.pending());
            }
            verifier.assertComplete(FLOOD);
            assertEquals(0, peers.inFlightToReader(role));
        }
    }

    private static void assertBounded(Peers peers, Role role, TlsConnection reader, int ciphertext) {
        assertTrue(reader.pending() <= 2 * RECORD, "decrypted ahead: " + reader.pending());
        int drained = ciphertext - peers.inFlightToReader(role);
        assertTrue(drained <= 3 * WIRE_RECORD, "the connection pulled " + drained + " bytes of ciphertext"
                + " out of the BIO for a 1-byte read");
    }
}

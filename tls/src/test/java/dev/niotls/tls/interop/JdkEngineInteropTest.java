package dev.niotls.tls.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsOption;
import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.testing.Loopback;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * niotls against the JDK's {@link SSLEngine} over an in-memory {@link BioPair} of small capacity, both in
 * one thread (SPEC section 9, B2): handshake, a seeded stream each way, a TLS 1.2 renegotiation the JDK
 * starts mid-stream ({@code beginHandshake()} on an established engine), a TLS 1.3 KeyUpdate the JDK
 * answers, and the JDK's close_notify answered by ours.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdkEngineInteropTest {
    private static final long TO_JDK = 1L << 20;
    private static final long FROM_JDK = 1L << 20;
    private static final long SEED_OUT = 0xE561_0001L;
    private static final long SEED_IN = 0xE561_0002L;
    private static final long MAX_IDLE_ROUNDS = 1_000_000;

    @ParameterizedTest(name = "{0}, niotls as {1}")
    @CsvSource({"TLSv1.2, client", "TLSv1.2, server", "TLSv1.3, client", "TLSv1.3, server"})
    void W12_H3_H4_S1_dataRenegotiationOrKeyUpdateAndCloseNotify_overBioPair(String protocol, String role)
            throws Exception {
        boolean niotlsServer = role.equals("server");
        boolean tls12 = protocol.equals("TLSv1.2");
        BioPair pair = BioPair.create(4096, 4096);
        TestCertificates certificates = TestCertificates.localhost();
        TlsContext context = niotlsServer
                ? TlsContext.server().selfSigned("localhost").protocols(protocol)
                        .options(TlsOption.ALLOW_CLIENT_RENEGOTIATION).build()
                : TlsContext.client().trust(certificates.certificate()).serverName("localhost").protocols(protocol)
                        .build();
        TlsConnection connection = context.newConnection(pair.first());
        if (niotlsServer) {
            connection.setAcceptState();
        } else {
            connection.setConnectState();
        }
        SSLContext jdkContext = niotlsServer ? JdkTls.clientContext(context.certificateChain().get(0))
                : JdkTls.serverContext(certificates);
        SSLEngine engine = jdkContext.createSSLEngine("localhost", 443);
        engine.setUseClientMode(niotlsServer);
        engine.setEnabledProtocols(new String[] {protocol});
        if (niotlsServer) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        engine.beginHandshake();
        EnginePeer jdk = new EnginePeer(engine, pair.second()).send(SEED_IN, FROM_JDK).receive(SEED_OUT);
        if (tls12) {
            jdk.atSent(FROM_JDK / 2, () -> {
                try {
                    engine.beginHandshake(); // a renegotiation, started by the JDK in either role
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
        Stepper niotls = new Stepper(connection, new StreamSource(SEED_OUT, TO_JDK, 10_000)
                .at(TO_JDK / 2, () -> assertEquals(1, tls12 ? connection.renegotiate() : connection.keyUpdate(true))));

        run(niotls, jdk, () -> niotls.source.finished() && niotls.verifier.received() == FROM_JDK
                && jdk.received() == TO_JDK && (tls12 ? connection.renegotiations() == 2 : connection.keyUpdatesReceived() == 1));
        niotls.verifier.assertComplete(FROM_JDK);
        jdk.assertReceived(TO_JDK);
        assertEquals(protocol, connection.protocol());
        if (tls12) {
            assertEquals(2, connection.renegotiations(), "the JDK's and ours");
        } else {
            assertEquals(1, connection.keyUpdatesSent());
        }

        // The JDK closes first; we see ZERO_RETURN, and our shutdown() returns 1 at once.
        engine.closeOutbound();
        run(niotls, jdk, () -> niotls.peerClosed);
        assertEquals(1, connection.shutdown(), "shutdown after the JDK's close_notify: " + connection.lastReason());
        run(niotls, jdk, jdk::inboundDone);
        assertTrue(engine.isInboundDone() && engine.isOutboundDone());
    }

    private static void run(Stepper niotls, EnginePeer jdk, BooleanSupplier done) throws IOException {
        long idle = 0;
        long deadline = Loopback.deadline(40);
        while (!done.getAsBoolean()) {
            boolean progress = niotls.step();
            progress |= jdk.step();
            idle = progress ? 0 : idle + 1;
            if (idle > MAX_IDLE_ROUNDS || System.nanoTime() - deadline > 0) {
                throw new AssertionError("stalled: niotls " + niotls.connection + " received " + niotls.verifier.received()
                        + ", renegotiations " + niotls.connection.renegotiations() + ", KeyUpdates received "
                        + niotls.connection.keyUpdatesReceived() + "; JDK received " + jdk.received() + ", "
                        + jdk.engine().getHandshakeStatus());
            }
        }
    }

    /** niotls's side: one pending write (the identical buffer after WANT_*, SPEC 7), reads until WANT_READ. */
    private static final class Stepper {
        final TlsConnection connection;
        final StreamSource source;
        final StreamVerifier verifier = new StreamVerifier(SEED_IN);
        final ByteBuffer readBuffer = ByteBuffer.allocate(8192);
        ByteBuffer pendingWrite;
        boolean peerClosed;

        Stepper(TlsConnection connection, StreamSource source) {
            this.connection = connection;
            this.source = source;
        }

        boolean step() {
            boolean progress = false;
            if (pendingWrite == null && !peerClosed) {
                pendingWrite = source.next();
            }
            if (pendingWrite != null) {
                int result = connection.write(pendingWrite);
                if (result > 0) {
                    source.written(result);
                    pendingWrite = null;
                    progress = true;
                } else {
                    expectWant(result, "write");
                }
            }
            for (;;) {
                readBuffer.clear();
                int result = connection.read(readBuffer);
                if (result > 0) {
                    verifier.accept(readBuffer.flip());
                    progress = true;
                    continue;
                }
                if (connection.getError(result) == TlsError.ZERO_RETURN) {
                    progress |= !peerClosed;
                    peerClosed = true;
                } else {
                    expectWant(result, "read");
                }
                return progress;
            }
        }

        private void expectWant(int result, String call) {
            TlsError error = connection.getError(result);
            if (error != TlsError.WANT_READ && error != TlsError.WANT_WRITE) {
                throw new AssertionError(call + " returned " + result + " / " + error + ", " + connection.lastReason(),
                        connection.lastException());
            }
        }
    }
}

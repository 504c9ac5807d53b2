package dev.niotls.tls.interop;

import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** The JDK's own TLS (SunJSSE) as niotls's peer: contexts from KeyStores, and stream helpers for an SSLSocket. */
final class JdkTls {
    private JdkTls() {
    }

    /** A server SSLContext with the key and certificate of {@code certificates}. */
    static SSLContext serverContext(TestCertificates certificates) throws GeneralSecurityException, IOException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(certificates.keyStore(), TestCertificates.password());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** A client SSLContext trusting {@code certificate} (niotls's generated one) through a TrustManagerFactory. */
    static SSLContext clientContext(X509Certificate certificate) throws GeneralSecurityException, IOException {
        KeyStore trust = TestCertificates.trustStore(certificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    /** An SSLSocket layered over a connected plain socket, in the given role, with only {@code protocol} enabled. */
    static SSLSocket layer(SSLContext context, Socket plain, boolean client, String protocol) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        socket.setUseClientMode(client);
        socket.setEnabledProtocols(new String[] {protocol});
        if (client) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // verify "localhost" against the SAN
            socket.setSSLParameters(parameters);
        }
        return socket;
    }

    /** Writes {@code total} bytes of the stream of {@code seed}; runs {@code atHalf} when half is written. */
    static void send(OutputStream out, long seed, long total, ThrowingRunnable atHalf) throws Exception {
        SeededStream stream = new SeededStream(seed);
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        boolean halfDone = atHalf == null;
        while (stream.position() < total) {
            if (!halfDone && stream.position() >= total / 2) {
                atHalf.run();
                halfDone = true;
            }
            buffer.clear();
            int count = (int) Math.min(buffer.capacity(), total - stream.position());
            stream.fill(buffer, count);
            out.write(buffer.array(), 0, count);
        }
        out.flush();
    }

    /** Reads and verifies exactly {@code total} bytes of the stream of {@code seed}. */
    static void receive(InputStream in, long seed, long total) throws IOException {
        StreamVerifier verifier = new StreamVerifier(seed);
        byte[] buffer = new byte[16384];
        while (verifier.received() < total) {
            int count = in.read(buffer, 0, (int) Math.min(buffer.length, total - verifier.received()));
            if (count < 0) {
                throw new AssertionError("EOF after " + verifier.received() + " of " + total + " bytes");
            }
            verifier.accept(ByteBuffer.wrap(buffer, 0, count));
        }
        verifier.assertComplete(total);
    }

    /** Reads until end of stream (the peer's close_notify), failing on any data. */
    static void expectEof(InputStream in) throws IOException {
        int next = in.read();
        if (next != -1) {
            throw new AssertionError("data after the stream: " + next);
        }
    }

    /** A step that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}

package dev.niotls.tls.interop;

import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK TLS peer in a JVM of its own, started by {@link JdkOwnJvmInteropTest}: JVM-wide settings that
 * the JDK reads once (the {@code jdk.tls.keyLimits} security property, read when its cipher classes load)
 * are set here before any TLS class loads. Uses only the JDK and the seeded-stream helpers.
 *
 * <p>Arguments: {@code client|server port|0 protocol seedOut bytesOut seedIn bytesIn certificate.pem
 * [key.pem]}; a protocol of TLSv1 or TLSv1.1 re-enables that version, which the JDK disables by default.
 * As a client it connects to the port and trusts the certificate; as a server it listens on a
 * free port, prints {@code PORT <n>}, and serves the certificate with the PKCS#8 key. Then it sends its
 * stream, receives and verifies niotls's, waits for niotls's close_notify, closes, and prints {@code OK}.
 */
public final class JdkPeerMain {
    /** Small enough that a few MiB cause dozens of KeyUpdates (the JDK default is 2^37 bytes). */
    static final String KEY_LIMITS = "AES/GCM/NoPadding KeyUpdate 2^16, ChaCha20-Poly1305 KeyUpdate 2^16";

    /** The JDK 17 default list without "TLSv1, TLSv1.1". */
    static final String LEGACY_DISABLED_ALGORITHMS = "SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, "
            + "EC keySize < 224, 3DES_EDE_CBC, anon, NULL";

    private JdkPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        Security.setProperty("jdk.tls.keyLimits", KEY_LIMITS);
        boolean client = args[0].equals("client");
        int port = Integer.parseInt(args[1]);
        String protocol = args[2];
        if (protocol.equals("TLSv1") || protocol.equals("TLSv1.1")) {
            // The JDK disables them by default (java.security's jdk.tls.disabledAlgorithms); this peer plays an
            // old client, so its list keeps everything else but drops those two entries.
            Security.setProperty("jdk.tls.disabledAlgorithms", LEGACY_DISABLED_ALGORITHMS);
        }
        long seedOut = Long.parseLong(args[3]);
        long bytesOut = Long.parseLong(args[4]);
        long seedIn = Long.parseLong(args[5]);
        long bytesIn = Long.parseLong(args[6]);
        X509Certificate certificate = readCertificate(Path.of(args[7]));
        try (Socket plain = client ? connect(port) : accept()) {
            SSLContext context = client ? trusting(certificate) : serving(certificate, Path.of(args[8]));
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost",
                    plain.getPort(), true);
            socket.setUseClientMode(client);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            send(socket.getOutputStream(), seedOut, bytesOut);
            receive(socket.getInputStream(), seedIn, bytesIn);
            if (socket.getInputStream().read() != -1) {
                throw new AssertionError("data after niotls's stream");
            }
            socket.close();
        }
        System.out.println("OK");
    }

    private static Socket connect(int port) throws Exception {
        return new Socket(InetAddress.getLoopbackAddress(), port);
    }

    private static Socket accept() throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            System.out.println("PORT " + listener.getLocalPort());
            System.out.flush();
            listener.setSoTimeout(20_000);
            return listener.accept();
        }
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("niotls", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static SSLContext serving(X509Certificate certificate, Path keyPem) throws Exception {
        String pem = Files.readString(keyPem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----|\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getDecoder().decode(pem)));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "secret".toCharArray();
        keys.setKeyEntry("localhost", key, password, new Certificate[] {certificate});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static X509Certificate readCertificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static void send(OutputStream out, long seed, long total) throws Exception {
        SeededStream stream = new SeededStream(seed);
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        while (stream.position() < total) {
            buffer.clear();
            int count = (int) Math.min(buffer.capacity(), total - stream.position());
            stream.fill(buffer, count);
            out.write(buffer.array(), 0, count);
        }
        out.flush();
    }

    private static void receive(InputStream in, long seed, long total) throws Exception {
        StreamVerifier verifier = new StreamVerifier(seed);
        byte[] buffer = new byte[16384];
        while (verifier.received() < total) {
            int count = in.read(buffer, 0, (int) Math.min(buffer.length, total - verifier.received()));
            if (count < 0) {
                throw new AssertionError("EOF after " + verifier.received() + " of " + total);
            }
            verifier.accept(ByteBuffer.wrap(buffer, 0, count));
        }
        verifier.assertComplete(total);
    }
}

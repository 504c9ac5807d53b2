package dev.niotls.tls.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One connection that keeps asking throughout the soak: every 100 ms, 64 bytes to the echo server and
 * back, over the JDK's own TLS 1.3 client (an implementation independent of niotls). Each answer must
 * come within {@code bound} (the socket's read timeout): a liveness bound that catches a stalled or
 * starved loop, not a measure of speed. Its round trips are kept (a fixed array, allocated up front
 * so the heap check does not see it grow) for the figures.
 */
final class SoakProbe implements AutoCloseable {
    private static final int MESSAGE = 64;
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final SSLSocket socket;
    private final long[] roundTripNanos;
    private final Thread thread;
    private volatile int answered;
    private volatile Throwable failure;
    private volatile boolean stopped;

    SoakProbe(InetSocketAddress server, X509Certificate certificate, Duration bound, int capacity)
            throws IOException, GeneralSecurityException {
        this.roundTripNanos = new long[capacity];
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, trustManagers.getTrustManagers(), null);
        Socket plain = new Socket(server.getAddress(), server.getPort());
        plain.setTcpNoDelay(true);
        plain.setSoTimeout((int) bound.toMillis());
        socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", server.getPort(), true);
        socket.setUseClientMode(true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        thread = new Thread(this::run, "soak-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        byte[] message = new byte[MESSAGE];
        try {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int sequence = 0; !stopped; sequence++) {
                Arrays.fill(message, (byte) sequence);
                long start = System.nanoTime();
                out.write(message);
                out.flush();
                byte[] echo = in.readNBytes(MESSAGE); // SocketTimeoutException past the bound
                long elapsed = System.nanoTime() - start;
                if (!Arrays.equals(echo, message)) {
                    throw new IOException("probe " + sequence + ": the echo differs (" + echo.length + " bytes)");
                }
                if (answered < roundTripNanos.length) {
                    roundTripNanos[answered] = elapsed;
                }
                answered++;
                TimeUnit.NANOSECONDS.sleep(Math.max(0, INTERVAL_NANOS - elapsed));
            }
        } catch (IOException | InterruptedException | RuntimeException problem) {
            if (!stopped) {
                failure = problem;
            }
        }
    }

    /** @return the first failure (a timeout past the bound, a reset, a wrong echo), or null */
    Throwable failure() {
        return failure;
    }

    int answered() {
        return answered;
    }

    /** @return the round trip at {@code percentile} (0 to 100) of those kept, in milliseconds */
    double roundTripMillis(double percentile) {
        int count = Math.min(answered, roundTripNanos.length);
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(roundTripNanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.ceil(percentile / 100 * count) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Stops asking and closes with close_notify (the JDK's {@code SSLSocket.close()}). */
    @Override
    public void close() throws IOException {
        stopped = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}

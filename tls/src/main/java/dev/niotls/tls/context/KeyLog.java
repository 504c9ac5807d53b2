package dev.niotls.tls.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsSecret;

/**
 * Writes the connection secrets in the NSS key log format that Wireshark reads: OpenSSL's
 * {@code SSL_CTX_set_keylog_callback}, curl's and Firefox's {@code SSLKEYLOGFILE}
 * (https://firefox-source-docs.mozilla.org/security/nss/legacy/key_log_format/).
 *
 * <p>Bouncy Castle has no key log. The secrets are taken from {@link SecurityParameters} at the two moments
 * they exist together: the TLS 1.3 handshake traffic secrets right after the ServerHello (Bouncy Castle keeps
 * them as {@code baseKeyClient/Server} until the handshake ends), so that a handshake that fails later can
 * still be read; the rest when the handshake completes ({@code TlsPeer.notifyHandshakeComplete}, called before
 * Bouncy Castle clears the handshake's secrets). Secrets are copied with {@code TlsCrypto.adoptSecret}:
 * {@code TlsSecret.extract()} would destroy the one the record layer still needs.
 */
public final class KeyLog {
    private static final HexFormat HEX = HexFormat.of();
    private final Consumer<String> sink;

    private KeyLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Lines go to {@code sink}, one call per line (without the line feed), from any connection's thread. */
    public static KeyLog to(Consumer<String> sink) {
        return new KeyLog(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * Lines are appended to {@code file} (created if missing). Each line is one {@code write} on a file opened
     * with {@code O_APPEND}, under a lock: lines from many loops, and from other processes appending to the same
     * file as curl does, never interleave.
     *
     * @throws UncheckedIOException if the file cannot be opened for appending
     */
    public static KeyLog toFile(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("key log " + file + ": cannot open for appending: " + e.getMessage(), e);
        }
        return new KeyLog(new FileSink(file, channel));
    }

    /** TLS 1.3, right after the ServerHello: the handshake traffic secrets. Returns whether it wrote them. */
    boolean handshakeSecrets(TlsContext context) {
        SecurityParameters parameters = context.getSecurityParametersHandshake();
        if (parameters == null || !TlsUtils.isTLSv13(parameters.getNegotiatedVersion())
                || parameters.getBaseKeyClient() == null) {
            return false;
        }
        String random = HEX.formatHex(parameters.getClientRandom());
        write(context, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", random, parameters.getBaseKeyClient());
        write(context, "SERVER_HANDSHAKE_TRAFFIC_SECRET", random, parameters.getBaseKeyServer());
        return true;
    }

    /**
     * When the handshake completes: TLS 1.3 traffic secrets 0 and the exporter secret (and the handshake
     * secrets unless {@code handshakeSecretsWritten}); TLS 1.2 the master secret as {@code CLIENT_RANDOM}.
     */
    void handshakeComplete(TlsContext context, boolean handshakeSecretsWritten) {
        SecurityParameters parameters = context.getSecurityParametersConnection();
        if (parameters == null) {
            return;
        }
        String random = HEX.formatHex(parameters.getClientRandom());
        if (!TlsUtils.isTLSv13(parameters.getNegotiatedVersion())) {
            write(context, "CLIENT_RANDOM", random, parameters.getMasterSecret());
            return;
        }
        if (!handshakeSecretsWritten) {
            write(context, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", random, parameters.getBaseKeyClient());
            write(context, "SERVER_HANDSHAKE_TRAFFIC_SECRET", random, parameters.getBaseKeyServer());
        }
        write(context, "CLIENT_TRAFFIC_SECRET_0", random, parameters.getTrafficSecretClient());
        write(context, "SERVER_TRAFFIC_SECRET_0", random, parameters.getTrafficSecretServer());
        write(context, "EXPORTER_SECRET", random, parameters.getExporterMasterSecret());
    }

    private void write(TlsContext context, String label, String clientRandom, TlsSecret secret) {
        if (secret == null) {
            return;
        }
        byte[] copy = context.getCrypto().adoptSecret(secret).extract();
        try {
            sink.accept(label + ' ' + clientRandom + ' ' + HEX.formatHex(copy));
        } finally {
            java.util.Arrays.fill(copy, (byte) 0);
        }
    }

    /** Appends lines to a file: one write per line, serialised, the file opened with O_APPEND. */
    private static final class FileSink implements Consumer<String> {
        private static final System.Logger LOG = System.getLogger(KeyLog.class.getName());
        private final Path file;
        private final FileChannel channel;

        FileSink(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        @Override
        public synchronized void accept(String line) {
            ByteBuffer bytes = ByteBuffer.wrap((line + '\n').getBytes(StandardCharsets.US_ASCII));
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                // A full disk must not fail the connection whose secrets we log; say it once per failure.
                LOG.log(System.Logger.Level.WARNING, "key log " + file + ": " + e.getMessage());
            }
        }
    }
}

package dev.niotls.samples;

import dev.niotls.samples.Command.Flag;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link TlsContext}s of the samples from the command line. */
final class Contexts {
    /**
     * What {@code --session-cache} keeps a session for: the library's default (5 minutes), which
     * {@code sessionCache(entries, lifetime)} asks for again; the samples use the public API only (ArchitectureTest).
     */
    private static final Duration SESSION_LIFETIME = Duration.ofMinutes(5);

    private Contexts() {
    }

    /** A server context and where its certificate can be found (for {@code curl --cacert}). */
    static final class ServerIdentity {
        final TlsContext context;
        final Path certificatePem;

        ServerIdentity(TlsContext context, Path certificatePem) {
            this.context = context;
            this.certificatePem = certificatePem;
        }
    }

    /**
     * The server context: {@code --cert}/{@code --key}, or a generated self-signed certificate for
     * "localhost" and 127.0.0.1 whose PEM is written to a temporary file (deleted when the JVM exits).
     */
    static ServerIdentity server(Options options) throws UsageException {
        TlsContext.Builder builder = TlsContext.server().protocols(options.protocols());
        if (options.has(Flag.ALLOW_CLIENT_RENEGOTIATION)) {
            builder.options(TlsOption.ALLOW_CLIENT_RENEGOTIATION);
        }
        keyLogFromEnvironment(builder);
        if (options.has(Flag.SESSION_TICKET_KEYS)) {
            // Checked every second; a changed file replaces the keys, a bad one is logged and the old keys stay.
            builder.sessionTicketKeys(options.path(Flag.SESSION_TICKET_KEYS));
        }
        if (options.has(Flag.SESSION_CACHE)) {
            builder.sessionCache(options.count(Flag.SESSION_CACHE), SESSION_LIFETIME);
        }
        if (options.has(Flag.CERT)) {
            builder.certificate(options.path(Flag.CERT), options.path(Flag.KEY));
            if (options.has(Flag.OCSP)) {
                builder.ocspResponse(options.path(Flag.OCSP));
            }
            TlsContext context = build(builder);
            context.warnings().forEach(warning -> System.err.println("warning: " + warning));
            return new ServerIdentity(context, options.path(Flag.CERT));
        }
        TlsContext context = build(builder.selfSigned("localhost", "127.0.0.1"));
        Path pem = temporaryPem();
        context.writeCertificatePem(pem);
        return new ServerIdentity(context, pem);
    }

    /**
     * The server context's twin for {@link ServerWarmUp}: the same certificate and key (or a generated one of the
     * same kind) and protocols, but no session ticket keys and no key log, so that warm-up handshakes leave nothing
     * in the real context.
     */
    static TlsContext warmUpTwin(Options options) throws UsageException {
        TlsContext.Builder builder = TlsContext.server().protocols(options.protocols());
        if (options.has(Flag.CERT)) {
            return build(builder.certificate(options.path(Flag.CERT), options.path(Flag.KEY)));
        }
        return build(builder.selfSigned("localhost"));
    }

    /** One warm-up client per protocol the server offers; they do not verify: the server's path is being warmed. */
    static List<TlsContext> warmUpClients(Options options) throws UsageException {
        List<TlsContext> clients = new ArrayList<>();
        for (String protocol : options.protocols()) {
            clients.add(build(TlsContext.client().protocols(protocol).insecureTrustAll()));
        }
        return clients;
    }

    /**
     * The client context: trusts {@code --cacert} (or everything with {@code --insecure}, or the JDK's
     * default roots), verifies {@code --server-name} (default {@code --host}).
     */
    static TlsContext client(Options options) throws UsageException {
        TlsContext.Builder builder = TlsContext.client().protocols(options.protocols())
                .serverName(options.serverName());
        keyLogFromEnvironment(builder);
        if (options.has(Flag.INSECURE)) {
            builder.insecureTrustAll();
        } else if (options.has(Flag.CACERT)) {
            builder.trustPem(options.path(Flag.CACERT));
        } else {
            builder.trustSystemDefault();
        }
        return build(builder);
    }

    private static volatile boolean keyLogWarned;

    /**
     * As curl and browsers do: with {@code SSLKEYLOGFILE} set, every connection's secrets are appended there
     * (NSS key log format, for Wireshark), and a warning says so once.
     */
    private static void keyLogFromEnvironment(TlsContext.Builder builder) throws UsageException {
        String file = System.getenv("SSLKEYLOGFILE");
        if (file == null || file.isEmpty()) {
            return;
        }
        try {
            builder.keyLog(Path.of(file));
        } catch (UncheckedIOException e) {
            throw new UsageException("SSLKEYLOGFILE: " + e.getMessage());
        }
        if (!keyLogWarned) {
            keyLogWarned = true;
            System.err.println("WARNING: SSLKEYLOGFILE is set: TLS secrets are written to " + file
                    + "; anyone who reads it can decrypt these connections");
        }
    }

    private static TlsContext build(TlsContext.Builder builder) throws UsageException {
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new UsageException(e.getMessage()); // unreadable PEM, key not matching, ...
        }
    }

    private static Path temporaryPem() {
        try {
            Path pem = Files.createTempFile("niotls-cert-", ".pem");
            pem.toFile().deleteOnExit();
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file for the generated certificate", e);
        }
    }
}

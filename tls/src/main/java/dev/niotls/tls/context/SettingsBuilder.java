package dev.niotls.tls.context;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * Collects the TLS settings of a {@code TlsContext.Builder}. Identities and trusted certificates are loaded
 * lazily, in {@link #build()}, so that an unreadable file, a wrong password or a key that does not match its
 * certificate fails {@code build()} with a message naming the problem, never a handshake.
 */
public final class SettingsBuilder {
    public static final int DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE = 64 * 1024;
    public static final int DEFAULT_MAX_CHAIN_LENGTH = 10;
    public static final int DEFAULT_SESSION_CACHE_SIZE = 20_000;
    public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TICKET_LIFETIME = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TICKET_KEY_ROTATION = Duration.ofHours(1);
    /** How often a session ticket key file is checked for changes (one stat() on a daemon thread). */
    public static final Duration TICKET_KEY_FILE_CHECK = Duration.ofSeconds(1);

    private final boolean server;
    private final List<Supplier<List<Identity>>> identitySources = new ArrayList<>();
    private final List<Supplier<List<X509Certificate>>> trustSources = new ArrayList<>();
    private boolean trustAll;
    List<String> protocols = AlgorithmNames.DEFAULT_PROTOCOLS;
    List<String> cipherSuites = AlgorithmNames.DEFAULT_CIPHER_SUITES;
    List<String> namedGroups = AlgorithmNames.DEFAULT_GROUPS;
    List<String> applicationProtocols = List.of();
    boolean applicationProtocolRequired;
    boolean serverCipherPreference;
    int maxHandshakeMessageSize = DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE;
    int maxCertificateChainLength = DEFAULT_MAX_CHAIN_LENGTH;
    PeerSettings.ClientAuth clientAuth = PeerSettings.ClientAuth.NONE;
    String serverName;
    int sessionCacheSize = DEFAULT_SESSION_CACHE_SIZE;
    Duration sessionLifetime = DEFAULT_SESSION_LIFETIME;
    private Path ticketKeyFile;
    private Duration ticketKeyRotation;
    private Duration ticketLifetime = DEFAULT_TICKET_LIFETIME;
    /** Measured fastest for handshakes with the JDK's AEAD for bulk (BackendHandshakeRateTest, README). */
    /** TlsContext.CryptoBackend, as the factory of its crypto (the public enum stays in the API package). */
    private Function<SecureRandom, TlsCrypto> backend = CryptoBackends::hybrid;
    KeyLog keyLog;
    boolean requireStapledOcsp;

    public SettingsBuilder(boolean server) {
        this.server = server;
    }

    public void addIdentities(Supplier<List<Identity>> source) {
        identitySources.add(source);
    }

    /**
     * Attaches the OCSP response in {@code file} to the identity added last (one certificate, not a KeyStore of
     * several), read and checked at build.
     */
    public void ocspResponse(java.nio.file.Path file) {
        if (!server) {
            throw new IllegalStateException("ocspResponse(...) is for servers; clients use requireStapledOcsp()");
        }
        if (identitySources.isEmpty()) {
            throw new IllegalStateException("ocspResponse(" + file + ") must follow the certificate(...) it is for");
        }
        int last = identitySources.size() - 1;
        Supplier<List<Identity>> source = identitySources.get(last);
        identitySources.set(last, () -> {
            List<Identity> loaded = source.get();
            if (loaded.size() != 1) {
                throw new IllegalStateException("ocspResponse(" + file + ") needs exactly one identity before it, not "
                        + loaded.size());
            }
            Identity identity = loaded.get(0);
            return List.of(identity.withOcsp(OcspStaple.load(file, identity.chain())));
        });
    }

    public void keyLog(KeyLog log) {
        this.keyLog = log;
    }

    public void requireStapledOcsp() {
        if (server) {
            throw new IllegalStateException("requireStapledOcsp() is for clients; servers use ocspResponse(path)");
        }
        this.requireStapledOcsp = true;
    }

    public void addTrust(Supplier<List<X509Certificate>> source) {
        trustSources.add(source);
    }

    public void trustAll() {
        this.trustAll = true;
    }

    public void protocols(List<String> names) {
        this.protocols = List.copyOf(names);
    }

    public void cipherSuites(List<String> names) {
        this.cipherSuites = List.copyOf(names);
    }

    public void namedGroups(List<String> names) {
        this.namedGroups = List.copyOf(names);
    }

    public void applicationProtocols(List<String> names, boolean required) {
        this.applicationProtocols = List.copyOf(names);
        this.applicationProtocolRequired = required;
    }

    public void serverCipherPreference(boolean enabled) {
        this.serverCipherPreference = enabled;
    }

    public void maxHandshakeMessageSize(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxHandshakeMessageSize must be at least 1024, not " + bytes);
        }
        this.maxHandshakeMessageSize = bytes;
    }

    public void maxCertificateChainLength(int certificates) {
        if (certificates < 1) {
            throw new IllegalArgumentException("maxCertificateChainLength must be at least 1");
        }
        this.maxCertificateChainLength = certificates;
    }

    public void clientAuth(PeerSettings.ClientAuth mode) {
        this.clientAuth = mode;
    }

    public void serverName(String hostName) {
        this.serverName = hostName;
    }

    public void sessionCache(int entries, Duration lifetime) {
        if (entries < 0 || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("sessionCache needs entries >= 0 and a positive lifetime");
        }
        this.sessionCacheSize = entries;
        this.sessionLifetime = lifetime;
    }

    /** Session tickets with in-memory keys, a new one every {@code rotation} (replaces a key file). */
    public void sessionTickets(Duration rotation) {
        if (rotation.isNegative() || rotation.isZero()) {
            throw new IllegalArgumentException("the session ticket key rotation must be positive");
        }
        this.ticketKeyRotation = rotation;
        this.ticketKeyFile = null;
    }

    /** Session tickets with keys from {@code file}, reloaded when it changes (replaces in-memory keys). */
    public void sessionTicketKeys(Path file) {
        this.ticketKeyFile = java.util.Objects.requireNonNull(file, "file");
        this.ticketKeyRotation = null;
    }

    public void sessionTicketLifetime(Duration lifetime) {
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(Duration.ofDays(7)) > 0) {
            // RFC 5077 gives the lifetime hint in seconds; RFC 8446 section 4.6.1 caps ticket lifetimes at 7 days.
            throw new IllegalArgumentException("the session ticket lifetime must be 1 s to 7 days, not " + lifetime);
        }
        this.ticketLifetime = lifetime;
    }

    /** Tickets as configured, reading the key file now (a bad one fails build() naming the problem). */
    SessionTickets sessionTickets(SecureRandom random) {
        if (ticketKeyFile == null && ticketKeyRotation == null) {
            return SessionTickets.disabled();
        }
        if (!server) {
            throw new IllegalStateException("session tickets are issued by servers: sessionTickets(...) and "
                    + "sessionTicketKeys(...) apply to a server context");
        }
        long now = System.currentTimeMillis();
        SessionTicketKeys keys = ticketKeyFile != null
                ? TicketKeyFile.load(ticketKeyFile, TICKET_KEY_FILE_CHECK.toMillis())
                : new RotatingTicketKeys(ticketKeyRotation.toMillis(), ticketLifetime.toMillis(), random, now);
        return new SessionTickets(keys, new TicketSealer(random), ticketLifetime.toMillis());
    }

    public void cryptoBackend(Function<SecureRandom, TlsCrypto> choice) {
        this.backend = choice;
    }

    /** Loads and checks everything; throws IllegalArgumentException / IllegalStateException naming the problem. */
    public PeerSettings build() {
        List<Identity> identities = new ArrayList<>();
        identitySources.forEach(source -> identities.addAll(source.get()));
        if (server && identities.isEmpty()) {
            throw new IllegalStateException("a server context needs an identity: selfSigned(...), "
                    + "certificate(chainPem, keyPem) or keyStore(keyStore, password)");
        }
        if (server && clientAuth != PeerSettings.ClientAuth.NONE && !trustAll && trustSources.isEmpty()) {
            throw new IllegalStateException("client certificates are requested but nothing is trusted: "
                    + "add trust(...), trustPem(...), trustKeyStore(...) or insecureTrustAll()");
        }
        SecureRandom random = new SecureRandom();
        PeerSettings settings = new PeerSettings(this, backend.apply(random),
                new IdentitySelector(identities), verifier(), sessionTickets(random));
        SuiteCheck.check(settings, server);
        return settings;
    }

    /**
     * The verifier: explicit trust if any was given, else trust-all if asked, else (a client with nothing said)
     * the JDK's default trust store, as curl and the JDK do. A server that asks for no client certificate never
     * uses its verifier; one that does verifies only against what it was told to trust.
     */
    private PeerVerifier verifier() {
        if (trustAll) {
            if (!trustSources.isEmpty()) {
                throw new IllegalStateException("insecureTrustAll() and trusted certificates are exclusive");
            }
            return PeerVerifier.trustAll();
        }
        Set<X509Certificate> trusted = new LinkedHashSet<>();
        trustSources.forEach(source -> trusted.addAll(source.get()));
        if (trustSources.isEmpty()) {
            if (server) {
                return PeerVerifier.trustAll();
            }
            trusted.addAll(TrustSources.jdkDefault());
        }
        return PeerVerifier.trusting(trusted);
    }
}

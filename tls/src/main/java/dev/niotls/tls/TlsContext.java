package dev.niotls.tls;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.context.ContextClient;
import dev.niotls.tls.context.ContextServer;
import dev.niotls.tls.context.CryptoBackends;
import dev.niotls.tls.context.KeyStoreIdentities;
import dev.niotls.tls.context.PeerSettings;
import dev.niotls.tls.context.PemFiles;
import dev.niotls.tls.context.SelfSigned;
import dev.niotls.tls.context.SettingsBuilder;
import dev.niotls.tls.context.TrustSources;
import dev.niotls.tls.context.KeyLog;
import dev.niotls.tls.events.ConnectionObserver;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The shared configuration of many connections: the twin of OpenSSL's {@code SSL_CTX}.
 * Immutable and thread-safe once built; every file, KeyStore and name is read and checked by
 * {@link Builder#build()}, which fails with a message naming the problem.
 *
 * <p>The Bouncy Castle machinery (peers, credentials, verification, caches) lives in
 * {@code dev.niotls.tls.context}; users never need to import it.
 */
public final class TlsContext {
    /**
     * Where the handshake's public-key crypto and the bulk AEAD ciphers come from. The default is
     * {@link #HYBRID}: Bouncy Castle's X25519/ECDSA code handshakes faster than the JDK 17's, and the JDK's
     * AES-GCM intrinsics encrypt far faster than Bouncy Castle's pure-Java AES-GCM.
     */
    public enum CryptoBackend {
        /** Bouncy Castle's {@code JcaTlsCrypto} over the JDK's providers (plus the JDK's ChaCha20-Poly1305). */
        JDK,
        /** Bouncy Castle's own lightweight crypto for everything ({@code BcTlsCrypto}; slow pure-Java AES-GCM). */
        BOUNCY_CASTLE,
        /** Bouncy Castle's key exchange and signatures, the JDK's AES-GCM and ChaCha20-Poly1305. */
        HYBRID
    }

    private final boolean server;
    private final PeerSettings settings;
    private final Set<TlsMode> modes;
    private final Set<TlsOption> options;
    private final int maxSendFragment;
    private final int maxRenegotiations;
    private final Duration renegotiationWindow;
    private final long keyUpdateAfter;

    private TlsContext(Builder builder, PeerSettings settings) {
        this.server = builder.server;
        this.settings = settings;
        this.modes = Collections.unmodifiableSet(EnumSet.copyOf(builder.modes));
        this.options = builder.options.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(builder.options));
        this.maxSendFragment = builder.maxSendFragment;
        this.maxRenegotiations = builder.maxRenegotiations;
        this.renegotiationWindow = builder.renegotiationWindow;
        this.keyUpdateAfter = builder.keyUpdateAfter;
    }

    /** Starts a server context ({@code SSL_CTX_new(TLS_server_method())}). */
    public static Builder server() {
        return new Builder(true);
    }

    /** Starts a client context ({@code SSL_CTX_new(TLS_client_method())}). */
    public static Builder client() {
        return new Builder(false);
    }

    /** A new connection over {@code bio} ({@code SSL_new} + {@code SSL_set_bio}). */
    public TlsConnection newConnection(Bio bio) {
        return new TlsConnection(this, bio);
    }

    /**
     * The certificate chain of the default identity, leaf first ({@code SSL_CTX_get0_certificate} and its
     * chain); empty for a client without one.
     */
    public List<X509Certificate> certificateChain() {
        return settings.defaultChain();
    }

    /** Whether this context was built by {@link #server()}. */
    public boolean isServer() {
        return server;
    }

    /**
     * Writes the default identity's certificate chain as PEM ({@code PEM_write_X509}), e.g. a generated
     * self-signed certificate for {@code curl --cacert} or {@code openssl s_client -CAfile}.
     *
     * @throws java.io.UncheckedIOException if the file cannot be written
     * @throws IllegalStateException if this context has no certificate
     */
    public void writeCertificatePem(Path file) {
        if (certificateChain().isEmpty()) {
            throw new IllegalStateException("this context has no certificate to write");
        }
        PemFiles.writeCertificates(file, certificateChain());
    }

    /**
     * What {@link Builder#build()} found wrong without refusing it: each an OCSP response that will not be
     * stapled, and why (for another certificate, expired, not a successful response). Empty when all is well.
     */
    public List<String> warnings() {
        return settings.warnings();
    }

    // ---- what a connection reads from its context (package-private) ----

    Set<TlsMode> modes() {
        return modes;
    }

    Set<TlsOption> options() {
        return options;
    }

    /** Largest plaintext per record we send (512..16384, default 16384). */
    int maxSendFragment() {
        return maxSendFragment;
    }

    /** Peer-initiated renegotiations accepted per {@link #renegotiationWindow()} (H5; default 5). */
    int maxRenegotiations() {
        return maxRenegotiations;
    }

    Duration renegotiationWindow() {
        return renegotiationWindow;
    }

    /** TLS 1.3 records per write key before a KeyUpdate of our own (L6); 0 for the suite's default. */
    long keyUpdateAfter() {
        return keyUpdateAfter;
    }

    /** A fresh Bouncy Castle server peer for one {@link TlsConnection}; it tells {@code observer} of handshakes. */
    ContextServer newServerPeer(ConnectionObserver observer) {
        requireRole(true);
        return new ContextServer(settings, observer);
    }

    /**
     * A fresh client peer for one {@link TlsConnection} that offers the TLS 1.2 session last made with {@code
     * peerHost:peerPort} (OpenSSL's {@code SSL_set_session}) and leaves its own there when the handshake completes.
     *
     * @param serverName the SNI and verification name, or null for the context's
     * @param peerHost the peer's host as connected to (name or address), or null for no session reuse
     */
    ContextClient newClientPeer(String serverName, String peerHost, int peerPort, ConnectionObserver observer) {
        requireRole(false);
        return new ContextClient(settings, serverName, peerHost, peerPort, observer);
    }

    /** The factory of {@code backend}'s crypto: the context package does not import this enum (one-way graph). */
    static Function<SecureRandom, TlsCrypto> crypto(CryptoBackend backend) {
        return switch (backend) {
            case JDK -> CryptoBackends::jdk;
            case BOUNCY_CASTLE -> CryptoBackends::bouncyCastle;
            case HYBRID -> CryptoBackends::hybrid;
        };
    }

    private void requireRole(boolean wantServer) {
        if (server != wantServer) {
            throw new IllegalStateException("this is a " + (server ? "server" : "client") + " context");
        }
    }

    /**
     * Builds a {@link TlsContext}. Calls add to or replace the defaults as each says; nothing is read or
     * checked before {@link #build()}.
     */
    public static final class Builder {
        private final boolean server;
        private final SettingsBuilder settings;
        private final Set<TlsMode> modes = EnumSet.of(TlsMode.AUTO_RETRY);
        private final Set<TlsOption> options = EnumSet.noneOf(TlsOption.class);
        private int maxSendFragment = 16384;
        private int maxRenegotiations = 5;
        private Duration renegotiationWindow = Duration.ofSeconds(60);
        private long keyUpdateAfter;

        private Builder(boolean server) {
            this.server = server;
            this.settings = new SettingsBuilder(server);
        }

        // ---- identity ----

        /**
         * Adds an identity generated at {@link #build()}: an ECDSA P-256 key and a self-signed certificate whose
         * SAN lists {@code hostNames} (DNS names, or IP literals as IP entries), valid for a year. Get it with
         * {@link TlsContext#certificateChain()}, write it with {@link TlsContext#writeCertificatePem(Path)}.
         */
        public Builder selfSigned(String... hostNames) {
            List<String> names = List.of(hostNames);
            settings.addIdentities(() -> List.of(SelfSigned.generate(names)));
            return this;
        }

        /**
         * Adds an identity from PEM files ({@code SSL_CTX_use_certificate_chain_file} +
         * {@code SSL_CTX_use_PrivateKey_file}): the chain leaf first; the key as PKCS#8, "RSA/EC PRIVATE KEY".
         */
        public Builder certificate(Path chainPem, Path keyPem) {
            return certificate(chainPem, keyPem, null);
        }

        /** Like {@link #certificate(Path, Path)} with the password of an encrypted key (PKCS#8 or DEK-Info). */
        public Builder certificate(Path chainPem, Path keyPem, char[] keyPassword) {
            char[] password = keyPassword == null ? null : keyPassword.clone();
            settings.addIdentities(() -> List.of(dev.niotls.tls.context.Identity.of(
                    PemFiles.readCertificates(chainPem), PemFiles.readPrivateKey(keyPem, password),
                    chainPem + " and " + keyPem)));
            return this;
        }

        /** Adds every private-key entry of {@code keyStore} (PKCS12, JKS) with its chain, in alias order. */
        public Builder keyStore(KeyStore keyStore, char[] password) {
            char[] copy = password == null ? null : password.clone();
            settings.addIdentities(() -> KeyStoreIdentities.of(keyStore, copy));
            return this;
        }

        /** Loads a KeyStore file of {@code type} ("PKCS12" or "JKS") and adds its identities. */
        public Builder keyStore(Path file, String type, char[] password) {
            char[] copy = password == null ? null : password.clone();
            settings.addIdentities(() -> KeyStoreIdentities.of(TrustSources.load(file, type, copy), copy));
            return this;
        }

        /**
         * Server: staples the OCSP response in {@code derFile} (as {@code openssl ocsp -respout} writes it) for the
         * identity added just before ({@code certificate(...)}, {@code selfSigned(...)} or a one-entry KeyStore),
         * when a client asks (status_request: TLS 1.2 CertificateStatus, TLS 1.3 the leaf's CertificateEntry).
         * The file is read at {@link #build()} (a missing one fails it); a response that is for another
         * certificate, unsuccessful or expired is not stapled and is listed by {@link TlsContext#warnings()}.
         */
        public Builder ocspResponse(Path derFile) {
            settings.ocspResponse(derFile);
            return this;
        }

        // ---- trust ----

        /** Trusts these certificates: roots, intermediates, or a pinned (e.g. self-signed) leaf. */
        public Builder trust(X509Certificate... roots) {
            List<X509Certificate> certificates = List.of(roots);
            settings.addTrust(() -> certificates);
            return this;
        }

        /** Trusts every certificate of a PEM bundle ({@code SSL_CTX_load_verify_locations(ctx, file, NULL)}). */
        public Builder trustPem(Path bundle) {
            settings.addTrust(() -> PemFiles.readCertificates(bundle));
            return this;
        }

        /** Trusts the trusted-certificate entries of {@code keyStore}. */
        public Builder trustKeyStore(KeyStore keyStore) {
            settings.addTrust(() -> TrustSources.of(keyStore));
            return this;
        }

        /**
         * Trusts the JDK's default trust store ({@code SSL_CTX_set_default_verify_paths}). A client that calls no
         * trust method at all gets this too.
         */
        public Builder trustSystemDefault() {
            settings.addTrust(TrustSources::jdkDefault);
            return this;
        }

        /** Accepts any certificate and any name: for tests only ({@code SSL_VERIFY_NONE}). */
        public Builder insecureTrustAll() {
            settings.trustAll();
            return this;
        }

        /**
         * Client: the server must staple an OCSP response for its certificate (status_request, RFC 6066
         * section 8), signed by the certificate's issuer or a responder it delegated to, saying "good", and
         * current (thisUpdate/nextUpdate, five minutes of skew). Anything else fails the handshake with
         * {@code bad_certificate_status_response} and {@code CERTIFICATE_VERIFY_FAILED}, the reason in the
         * exception's message.
         */
        public Builder requireStapledOcsp() {
            settings.requireStapledOcsp();
            return this;
        }

        // ---- operations ----

        /**
         * Writes the secrets of every connection in the NSS key log format that Wireshark reads (OpenSSL's
         * {@code SSL_CTX_set_keylog_callback}): one call per line, from the thread of each connection. Off
         * unless asked for: anyone with these lines can decrypt the traffic.
         */
        public Builder keyLog(Consumer<String> lines) {
            settings.keyLog(KeyLog.to(lines));
            return this;
        }

        /**
         * Like {@link #keyLog(Consumer)}, appending to {@code file} (what {@code SSLKEYLOGFILE} names for curl
         * and browsers): one write per line on a file opened for appending, so lines of many loops, and of other
         * programs writing the same file, never mix. The file is opened here.
         *
         * @throws java.io.UncheckedIOException naming the file if it cannot be opened for appending
         */
        public Builder keyLog(Path file) {
            settings.keyLog(KeyLog.toFile(file));
            return this;
        }

        /** Client: the name sent as SNI and verified against the server's certificate (H2). */
        public Builder serverName(String hostName) {
            settings.serverName(hostName);
            return this;
        }

        /** Server: asks for a client certificate, verified against this context's trust if one is sent. */
        public Builder requestClientCertificate() {
            settings.clientAuth(PeerSettings.ClientAuth.REQUEST);
            return this;
        }

        /** Server: requires a verified client certificate ({@code SSL_VERIFY_FAIL_IF_NO_PEER_CERT}). */
        public Builder requireClientCertificate() {
            settings.clientAuth(PeerSettings.ClientAuth.REQUIRE);
            return this;
        }

        // ---- protocol ----

        /** "TLSv1.3" and/or "TLSv1.2" (default both); anything else fails at build(). */
        public Builder protocols(String... versions) {
            settings.protocols(List.of(versions));
            return this;
        }

        /** Replaces the cipher suites (IANA/JSSE names, e.g. TLS_AES_128_GCM_SHA256), in preference order. */
        public Builder cipherSuites(String... names) {
            settings.cipherSuites(List.of(names));
            return this;
        }

        /** Replaces the named groups (e.g. x25519, secp256r1), in preference order. */
        public Builder namedGroups(String... names) {
            settings.namedGroups(List.of(names));
            return this;
        }

        /**
         * ALPN protocols ({@code SSL_CTX_set_alpn_protos} / {@code SSL_CTX_set_alpn_select_cb}): a client offers
         * them; a server picks the first of its list the client offered, and ignores ALPN when none is common.
         */
        public Builder applicationProtocols(String... protocols) {
            settings.applicationProtocols(List.of(protocols), false);
            return this;
        }

        /** Server: like {@link #applicationProtocols}, but no protocol in common fails with no_application_protocol. */
        public Builder requireApplicationProtocol(String... protocols) {
            settings.applicationProtocols(List.of(protocols), true);
            return this;
        }

        /** The TLS 1.2 session cache: entries (0 disables it) and lifetime ({@code SSL_CTX_sess_set_cache_size}). */
        public Builder sessionCache(int entries, Duration lifetime) {
            settings.sessionCache(entries, lifetime);
            return this;
        }

        /**
         * Server: TLS 1.2 session tickets (RFC 5077, OpenSSL's default) sealed with AES-256-GCM under keys kept in
         * memory: a new key every {@code keyRotation}, the previous ones still opening their tickets for
         * {@link #sessionTicketLifetime the ticket lifetime}. For one server; a fleet shares
         * {@link #sessionTicketKeys(Path) a key file}. Off by default; the session-ID cache stays on beside it
         * (disable it with {@code sessionCache(0, ...)}). TLS 1.3 is not affected (Bouncy Castle cannot resume it).
         */
        public Builder sessionTickets(Duration keyRotation) {
            settings.sessionTickets(keyRotation);
            return this;
        }

        /**
         * Server: TLS 1.2 session tickets with keys from {@code keyFile}, which several servers share so that each
         * resumes the others' sessions (nginx's {@code ssl_session_ticket_key}). The first key seals new tickets,
         * every key opens them. The file is read by {@link #build()} (a bad file fails it) and checked every second
         * afterwards on a daemon thread: a changed file replaces the keys, a bad one is logged and the keys loaded
         * before stay. Formats: lines of {@code NAME SECRET} in hex (16 and 32 bytes), or nginx's 80-byte binary
         * keys (README, "Session tickets").
         */
        public Builder sessionTicketKeys(Path keyFile) {
            settings.sessionTicketKeys(keyFile);
            return this;
        }

        /** How long a session ticket resumes (1 s to 7 days, default 5 minutes; the NewSessionTicket's hint). */
        public Builder sessionTicketLifetime(Duration lifetime) {
            settings.sessionTicketLifetime(lifetime);
            return this;
        }

        /** Where the crypto comes from (default {@link CryptoBackend#HYBRID}). */
        public Builder cryptoBackend(CryptoBackend backend) {
            settings.cryptoBackend(crypto(backend));
            return this;
        }

        // ---- connection behaviour and limits ----

        /** Adds modes to the defaults ({@link TlsMode#AUTO_RETRY} is on). */
        public Builder modes(TlsMode... modes) {
            this.modes.addAll(Arrays.asList(modes));
            return this;
        }

        /** Adds options ({@code SSL_CTX_set_options}). */
        public Builder options(TlsOption... options) {
            this.options.addAll(Arrays.asList(options));
            return this;
        }

        /** Largest plaintext per record we send, 512..16384 ({@code SSL_CTX_set_max_send_fragment}). */
        public Builder maxSendFragment(int bytes) {
            if (bytes < 512 || bytes > 16384) {
                throw new IllegalArgumentException("maxSendFragment must be 512..16384, not " + bytes);
            }
            this.maxSendFragment = bytes;
            return this;
        }

        /** Largest handshake message accepted (default 64 KiB, room for a 10-certificate chain; H5). */
        public Builder maxHandshakeMessageSize(int bytes) {
            settings.maxHandshakeMessageSize(bytes);
            return this;
        }

        /** Longest certificate chain accepted from the peer (default 10). */
        public Builder maxCertificateChainLength(int certificates) {
            settings.maxCertificateChainLength(certificates);
            return this;
        }

        /** At most {@code count} peer-initiated renegotiations per {@code window} (H5; default 5 per 60 s). */
        public Builder renegotiationLimit(int count, Duration window) {
            if (count < 0 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("renegotiationLimit needs count >= 0 and a positive window");
            }
            this.maxRenegotiations = count;
            this.renegotiationWindow = window;
            return this;
        }

        /**
         * TLS 1.3 key usage limit (RFC 8446 section 5.5, SPEC L6; the JDK's {@code jdk.tls.keyLimits}): after a
         * write key has protected {@code records} records, niotls sends a KeyUpdate of its own before the next
         * application data. Default: 2^24 records under AES-GCM, no limit under ChaCha20-Poly1305. Small values
         * are for tests.
         */
        public Builder keyUpdateAfter(long records) {
            if (records < 1) {
                throw new IllegalArgumentException("keyUpdateAfter needs at least one record");
            }
            this.keyUpdateAfter = records;
            return this;
        }

        /**
         * Loads, generates and checks everything.
         *
         * @throws IllegalArgumentException or IllegalStateException naming the problem (unreadable file, wrong
         *         password, key not matching its certificate, unknown protocol, cipher or group name...)
         */
        public TlsContext build() {
            settings.serverCipherPreference(options.contains(TlsOption.CIPHER_SERVER_PREFERENCE));
            return new TlsContext(this, settings.build());
        }
    }
}

package dev.niotls.tls.engine;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SecurityParameters;

/**
 * What a connection still reports about its session once Bouncy Castle's objects are gone (the TLS 1.3
 * hand-off): protocol, cipher suite, ALPN, the peer's certificates (kept encoded, decoded on request),
 * server name, resumption and RFC 5746 support. Immutable; the strings are shared constants where possible.
 */
public final class SessionSnapshot {
    private static final byte[][] NO_CERTIFICATES = new byte[0][];
    /** Server names and ALPN names seen last, by hash (see {@link #shared}). */
    private static final String[] RECENT_NAMES = new String[16];

    /** "TLSv1.3" or "TLSv1.2" (a constant: no Bouncy Castle object outlives the hand-off, L3). */
    private final String protocol;
    /** The suite's number: named on request, since most connections are never asked (issue 11's profile). */
    private final int cipherSuite;
    private final String applicationProtocol;
    private final String serverName;
    private final byte[][] peerCertificates;
    private final boolean resumed;
    private final boolean secureRenegotiation;

    private SessionSnapshot(SecurityParameters parameters, String serverName) throws IOException {
        this.protocol = SessionFacts.protocol(parameters);
        this.cipherSuite = parameters.getCipherSuite();
        String alpn = SessionFacts.applicationProtocol(parameters);
        this.applicationProtocol = shared(alpn); // one of the server's few names
        // The SNI name a server received is a new String per connection; many connections ask for the same few.
        this.serverName = shared(serverName);
        this.peerCertificates = encoded(parameters.getPeerCertificate());
        this.resumed = parameters.isResumedSession();
        this.secureRenegotiation = parameters.isSecureRenegotiation();
    }

    /**
     * {@code name} as one shared instance: {@code String.intern()}, behind a few slots of the names seen last, since
     * the JVM's string table costs a native call and a global look-up per connection (issue 11's profile). The slots
     * are racy on purpose: Strings are immutable, and a lost update only costs one more {@code intern()}.
     */
    static String shared(String name) {
        if (name == null) {
            return null;
        }
        int slot = name.hashCode() & (RECENT_NAMES.length - 1);
        String seen = RECENT_NAMES[slot];
        if (name.equals(seen)) {
            return seen;
        }
        String interned = name.intern();
        RECENT_NAMES[slot] = interned;
        return interned;
    }

    /** The facts of the established connection described by {@code parameters}. */
    public static SessionSnapshot of(SecurityParameters parameters, String serverName) throws IOException {
        return new SessionSnapshot(parameters, serverName);
    }

    private static byte[][] encoded(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            return NO_CERTIFICATES;
        }
        byte[][] result = new byte[chain.getLength()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = chain.getCertificateAt(i).getEncoded();
        }
        return SharedChains.intern(result);
    }

    /** The JSSE name of the version; dev.niotls.tls.TlsVersion.forName maps it (this package does not import it). */
    public String protocol() {
        return protocol;
    }

    public String cipherSuite() {
        return SessionFacts.cipherSuiteName(cipherSuite);
    }

    public String applicationProtocol() {
        return applicationProtocol;
    }

    public String serverName() {
        return serverName;
    }

    public boolean isResumed() {
        return resumed;
    }

    public boolean isSecureRenegotiation() {
        return secureRenegotiation;
    }

    /** The peer's chain, leaf first, decoded for this call; empty when the peer sent none. */
    public List<X509Certificate> peerCertificates() throws IOException {
        return SessionFacts.decode(peerCertificates);
    }
}

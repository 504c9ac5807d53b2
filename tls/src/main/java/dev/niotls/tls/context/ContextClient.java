package dev.niotls.tls.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Vector;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;

/**
 * The Bouncy Castle client peer of one connection, configured from a context's {@link PeerSettings}: sends SNI
 * and ALPN, verifies the server's chain and name (SPEC H2: Bouncy Castle verifies nothing by itself), presents
 * the client identity when asked, and offers the cached TLS 1.2 session of the same peer.
 */
public final class ContextClient extends AbstractTlsClient {
    private final PeerSettings settings;
    /** The name sent as SNI and verified against the certificate; null verifies the chain only. */
    private final String serverName;
    /** "host:port" of the peer for session reuse, or null for no reuse. */
    private final String peerKey;
    /** Hears of handshakes and alerts (JFR events); {@link ConnectionObserver#NONE} when nobody listens. */
    private final dev.niotls.tls.events.ConnectionObserver observer;
    /** The key log has this handshake's TLS 1.3 handshake traffic secrets (see {@link PeerHooks}). */
    private boolean handshakeSecretsLogged;

    public ContextClient(PeerSettings settings, String serverName, String peerHost, int peerPort) {
        this(settings, serverName, peerHost, peerPort, dev.niotls.tls.events.ConnectionObserver.NONE);
    }

    public ContextClient(PeerSettings settings, String serverName, String peerHost, int peerPort,
            dev.niotls.tls.events.ConnectionObserver observer) {
        super(settings.crypto);
        this.settings = settings;
        this.serverName = serverName != null ? serverName : settings.serverName;
        this.peerKey = ClientSessionCache.key(peerHost, peerPort);
        this.observer = observer;
    }

    @Override
    public void notifyHandshakeBeginning() throws IOException {
        super.notifyHandshakeBeginning();
        handshakeSecretsLogged = false;
        PeerHooks.handshakeBeginning(observer, context);
    }

    /** TLS 1.3: called for EncryptedExtensions, after the ServerHello made the handshake traffic secrets. */
    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(java.util.Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        handshakeSecretsLogged = PeerHooks.handshakeSecretsReady(settings, context, handshakeSecretsLogged);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        super.notifyAlertRaised(alertLevel, alertDescription, message, cause);
        observer.alertSent(alertLevel, alertDescription, message);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        super.notifyAlertReceived(alertLevel, alertDescription);
        observer.alertReceived(alertLevel, alertDescription);
    }

    /** The name this client sends as SNI and verifies. */
    public String serverName() {
        return serverName;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return settings.versions;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return settings.supportedCipherSuites();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected Vector getSupportedGroups(Vector namedGroupRoles) {
        Vector groups = new Vector();
        for (int group : settings.supportedGroups()) {
            groups.add(group);
        }
        return groups;
    }

    @Override
    public int getMaxHandshakeMessageSize() {
        return settings.maxHandshakeMessageSize;
    }

    @Override
    public int getMaxCertificateChainLength() {
        return settings.maxCertificateChainLength;
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected Vector getProtocolNames() {
        return settings.applicationProtocolVector();
    }

    /** RFC 6066 section 3: a literal IP address is not sent as SNI. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected Vector getSNIServerNames() {
        if (serverName == null || HostNames.isIpLiteral(serverName)) {
            return null;
        }
        Vector names = new Vector();
        names.add(new ServerName(NameType.host_name, serverName.getBytes(StandardCharsets.US_ASCII)));
        return names;
    }

    @Override
    public TlsSession getSessionToResume() {
        if (context.getSecurityParametersConnection() != null) {
            return null; // a renegotiation is a full handshake (see ContextServer.getSessionToResume)
        }
        return settings.clientSessions.get(peerKey);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                java.util.List<java.security.cert.X509Certificate> chain = settings.verifier.verify(
                        serverCertificate.getCertificate(), serverName, PeerVerifier.Purpose.SERVER);
                if (settings.requireStapledOcsp) {
                    OcspCheck.checkStapled(context, serverCertificate, chain, settings.verifier.trustedCertificates());
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return Credentials.signer(context, Credentials.acceptedBy(request, settings.identities.all()),
                        request.getSupportedSignatureAlgorithms(), request.getCertificateRequestContext());
            }
        };
    }

    /** A completed TLS 1.2 full handshake leaves its session for the next connection to the same host:port. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        PeerHooks.handshakeComplete(settings, observer, context, handshakeSecretsLogged);
        // Not the session of a renegotiation: resuming one later failed (sent handshake_failure) with
        // Bouncy Castle 1.84 on both sides; the session of the first handshake stays the one to resume.
        if (!TlsUtils.isTLSv13(context) && !context.getSecurityParametersConnection().isRenegotiating()) {
            settings.clientSessions.put(peerKey, context.getSession());
        }
        // What we offered in the ClientHello (BC's own copies of the lists, parsed apart in SecurityParameters):
        // BC resets these in notifyHandshakeBeginning, so an idle connection need not keep them (issue 10).
        supportedGroups = null;
        supportedSignatureAlgorithms = null;
        supportedSignatureAlgorithmsCert = null;
    }
}

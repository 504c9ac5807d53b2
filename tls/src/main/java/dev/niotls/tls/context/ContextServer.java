package dev.niotls.tls.context;

import java.io.EOFException;
import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateStatus;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;

/**
 * The Bouncy Castle server peer of one connection, configured from a context's {@link PeerSettings}: what an
 * {@code SSL} inherits from its {@code SSL_CTX} on the server side. It chooses the identity by SNI, signs for
 * TLS 1.2 and 1.3 (Bouncy Castle's {@code DefaultTlsServer.getCredentials()} cannot serve TLS 1.3), selects ALPN,
 * asks for and verifies client certificates, and resumes TLS 1.2 sessions from the context's cache or from
 * session tickets ({@link SessionTickets}).
 */
public final class ContextServer extends AbstractTlsServer {
    private static final System.Logger LOG = System.getLogger(ContextServer.class.getName());
    private static final int SESSION_ID_LENGTH = 32;
    /**
     * OpenSSL's limit for a ClientHello ({@code CLIENT_HELLO_MAX_LENGTH} in {@code ssl/statem/statem_local.h}): the
     * largest one the syntax allows (65,534 bytes of cipher suites, 255 compression methods, 65,535 bytes of
     * extensions), whatever the limit for other messages (SPEC A2).
     */
    public static final int MAX_CLIENT_HELLO = 131_396;

    private final PeerSettings settings;
    private String requestedServerName;
    private List<Identity> candidates;
    /** The new session of the handshake in progress, cached only when it completes. */
    private TlsSession pendingSession;
    /** Hears of handshakes and alerts (JFR events); {@link ConnectionObserver#NONE} when nobody listens. */
    private final dev.niotls.tls.events.ConnectionObserver observer;
    /** The key log has this handshake's TLS 1.3 handshake traffic secrets (see {@link PeerHooks}). */
    private boolean handshakeSecretsLogged;
    /** The identity whose credentials this handshake uses (its OCSP response goes with it). */
    private Identity served;
    /** The client's session_ticket extension data (empty: asks for a ticket), or null. */
    private byte[] offeredTicket;

    public ContextServer(PeerSettings settings) {
        this(settings, dev.niotls.tls.events.ConnectionObserver.NONE);
    }

    public ContextServer(PeerSettings settings, dev.niotls.tls.events.ConnectionObserver observer) {
        super(settings.crypto);
        this.settings = settings;
        this.observer = observer;
    }

    /** The context's session tickets (tests and diagnostics: the keys in force). */
    SessionTickets sessionTickets() {
        return settings.sessionTickets;
    }

    /** The host name the client asked for with SNI, or null (the server side of SPEC's {@code serverName()}). */
    public String requestedServerName() {
        return requestedServerName;
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
    public int[] getSupportedGroups() {
        return settings.supportedGroups();
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return settings.serverCipherPreference;
    }

    /**
     * The limit Bouncy Castle applies to every handshake message: the ClientHello's (SPEC A2). The engine applies
     * {@link #maxHandshakeMessageSize()} to the client's other messages itself, with illegal_parameter.
     */
    @Override
    public int getMaxHandshakeMessageSize() {
        return Math.max(MAX_CLIENT_HELLO, settings.maxHandshakeMessageSize);
    }

    /** The configured limit for the client's handshake messages other than the ClientHello. */
    public int maxHandshakeMessageSize() {
        return settings.maxHandshakeMessageSize;
    }

    /**
     * RFC 5746 section 4.4 lets a server complete a first handshake with a client that signals nothing (no
     * renegotiation_info, no SCSV), and OpenSSL does (SPEC A3); Bouncy Castle's default refuses it with
     * handshake_failure. Renegotiation stays refused with such a client: Bouncy Castle's
     * {@code TlsProtocol.handleRenegotiation} denies it with a no_renegotiation warning, as OpenSSL, and
     * {@code TlsConnection.renegotiate()} refuses to start one.
     */
    @Override
    public void notifySecureRenegotiation(boolean secureRenegotiation) {
        if (!secureRenegotiation) {
            LOG.log(System.Logger.Level.DEBUG, "client without RFC 5746 secure renegotiation: renegotiation refused");
        }
    }

    @Override
    public int getMaxCertificateChainLength() {
        return settings.maxCertificateChainLength;
    }

    @Override
    public void notifyHandshakeBeginning() throws IOException {
        super.notifyHandshakeBeginning();
        handshakeSecretsLogged = false;
        PeerHooks.handshakeBeginning(observer, context);
        this.served = null;
        this.requestedServerName = null;
        this.candidates = settings.identities.select(null);
        this.offeredTicket = null;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        try {
            Hashtable extensions = clientExtensions;
            if (clientExtensions != null) {
                Vector names = TlsExtensionsUtils.getServerNameExtensionClient(clientExtensions);
                this.requestedServerName = ClientHelloExtensions.hostName(names);
                this.candidates = settings.identities.select(requestedServerName);
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, "SNI {0}: serving {1}", requestedServerName,
                            candidates.get(0).chain().get(0).getSubjectX500Principal());
                }
                this.offeredTicket = SessionTickets.offered(clientExtensions);
                extensions = TlsUtils.isTLSv13(context) ? ClientHelloExtensions.tls13View(clientExtensions)
                        : ClientHelloExtensions.tls12View(clientExtensions);
            }
            super.processClientExtensions(extensions);
        } catch (EOFException | IndexOutOfBoundsException e) {
            // Bouncy Castle's extension parsers, called from here, read past a short extension (SPEC A1). The engine
            // would count an exception thrown under a niotls frame as our fault (internal_error).
            throw new TlsFatalAlert(AlertDescription.decode_error, "malformed ClientHello extension", e);
        }
    }

    /**
     * SPEC A4, TLS 1.3: with no certificate of ours that can sign with one of the client's signature_algorithms,
     * refuse with handshake_failure before the ServerHello (OpenSSL's tls_choose_sigalg:
     * SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM), not in getCredentials() after ServerHello and EncryptedExtensions.
     * TLS 1.2 gets the same through {@link #isSelectableCipherSuite}: no suite, handshake_failure.
     */
    @Override
    public int getSelectedCipherSuite() throws IOException {
        if (TlsUtils.isTLSv13(context) && !Credentials.canSign(candidates, true,
                context.getSecurityParametersHandshake().getClientSigAlgs())) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure,
                    "no certificate of ours can sign with the client's signature_algorithms");
        }
        return super.getSelectedCipherSuite();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // RFC 6066 section 3: a server that used the name acknowledges it with an empty server_name extension.
        if (settings.identities.covers(requestedServerName) && !context.getSecurityParametersHandshake()
                .isResumedSession()) {
            TlsExtensionsUtils.addServerNameExtensionServer(extensions);
        }
        if (settings.sessionTickets.willIssue(offeredTicket, context)) {
            extensions.put(SessionTickets.EXTENSION, TlsUtils.EMPTY_BYTES); // RFC 5077 3.2: NewSessionTicket follows
        }
        return extensions;
    }

    /**
     * A resumed ServerHello repeats the session's extensions (Bouncy Castle's {@code readServerExtensions}), but
     * must not carry session_ticket (Bouncy Castle sends no NewSessionTicket then, and the client would wait for
     * one) nor server_name (RFC 6066 section 3).
     */
    @Override
    @SuppressWarnings("rawtypes")
    public void getServerExtensionsForConnection(Hashtable serverExtensions) throws IOException {
        super.getServerExtensionsForConnection(serverExtensions);
        if (context.getSecurityParametersHandshake().isResumedSession()) {
            serverExtensions.remove(SessionTickets.EXTENSION);
            serverExtensions.remove(TlsExtensionsUtils.EXT_server_name);
        }
    }

    @Override
    public NewSessionTicket getNewSessionTicket() throws IOException {
        return settings.sessionTickets.issue(context, serverExtensions, requestedServerName);
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected Vector getProtocolNames() {
        return settings.applicationProtocolVector();
    }

    /**
     * RFC 7301 section 3.2: with no protocol in common the server sends no_application_protocol; niotls does so
     * only when ALPN is required, and otherwise simply does not answer (OpenSSL's {@code SSL_TLSEXT_ERR_NOACK}).
     */
    @Override
    protected ProtocolName selectProtocolName() throws IOException {
        Vector<?> serverNames = getProtocolNames();
        if (serverNames == null || serverNames.isEmpty()) {
            return null;
        }
        ProtocolName selected = selectProtocolName(clientProtocolNames, serverNames);
        if (selected == null && settings.applicationProtocolRequired) {
            throw new TlsFatalAlert(AlertDescription.no_application_protocol,
                    "no application protocol in common; the server offers " + settings.applicationProtocols);
        }
        return selected;
    }

    /** TLS 1.2: a suite is selectable only if an identity of the right key kind serves the requested name. */
    @Override
    @SuppressWarnings("rawtypes")
    protected boolean isSelectableCipherSuite(int cipherSuite, int availCurveBits, int availFiniteFieldBits,
            Vector sigAlgs) {
        if (!super.isSelectableCipherSuite(cipherSuite, availCurveBits, availFiniteFieldBits, sigAlgs)) {
            return false;
        }
        int keyExchange = TlsUtils.getKeyExchangeAlgorithm(cipherSuite);
        switch (keyExchange) {
            case KeyExchangeAlgorithm.NULL:
                return true;
            case KeyExchangeAlgorithm.ECDHE_ECDSA:
                return Credentials.canSign(tls12Identities(false), false, clientSignatureAlgorithms());
            case KeyExchangeAlgorithm.ECDHE_RSA:
            case KeyExchangeAlgorithm.DHE_RSA:
                return Credentials.canSign(tls12Identities(true), false, clientSignatureAlgorithms());
            default:
                return false;
        }
    }

    /**
     * TLS 1.2: our identities of one key kind that the client can take. An ECDSA certificate's curve must be among
     * the client's supported_groups when it sent them (RFC 8422 section 5.1.1; OpenSSL's tls1_check_cert_param
     * refuses the suite otherwise, and an OpenSSL client would fail with "wrong curve").
     */
    private List<Identity> tls12Identities(boolean rsa) {
        List<Identity> ofKind = Credentials.ofKind(candidates, rsa);
        int[] clientGroups = context.getSecurityParametersHandshake().getClientSupportedGroups();
        if (rsa || clientGroups == null) {
            return ofKind;
        }
        return ofKind.stream().filter(identity -> org.bouncycastle.util.Arrays.contains(clientGroups,
                curveOf(identity.keyKind()))).toList();
    }

    private static int curveOf(Identity.KeyKind kind) {
        switch (kind) {
            case EC_P256:
                return NamedGroup.secp256r1;
            case EC_P384:
                return NamedGroup.secp384r1;
            case EC_P521:
                return NamedGroup.secp521r1;
            default:
                return -1;
        }
    }

    /** The client's signature_algorithms, or null when it sent none (RFC 5246 7.4.1.4.1 then implies SHA-1). */
    @SuppressWarnings("rawtypes")
    private Vector clientSignatureAlgorithms() {
        return context.getSecurityParametersHandshake().getClientSigAlgs();
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        List<Identity> usable = candidates;
        boolean tls13 = TlsUtils.isTLSv13(context);
        if (!tls13) {
            int keyExchange = context.getSecurityParametersHandshake().getKeyExchangeAlgorithm();
            usable = tls12Identities(keyExchange != KeyExchangeAlgorithm.ECDHE_ECDSA);
        } else {
            // TLS 1.3 calls this after the ServerHello: the handshake traffic secrets exist now.
            handshakeSecretsLogged = PeerHooks.handshakeSecretsReady(settings, context, handshakeSecretsLogged);
        }
        Vector<?> clientAlgorithms = context.getSecurityParametersHandshake().getClientSigAlgs();
        served = Credentials.choose(context, usable, clientAlgorithms);
        if (served == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure,
                    "no certificate of ours can sign with the client's signature_algorithms");
        }
        // RFC 8446 section 4.4.2.1: in TLS 1.3 the OCSP response rides in the leaf's CertificateEntry.
        CertificateStatus leafStatus = tls13 && certificateStatusRequest != null ? staple(served) : null;
        return Credentials.signer(context, served, clientAlgorithms, null, leafStatus);
    }

    /** Whether a status_request is answered at all: some candidate has a current OCSP response (RFC 6066 8). */
    @Override
    protected boolean allowCertificateStatus() {
        for (Identity identity : candidates) {
            if (staple(identity) != null) {
                return true;
            }
        }
        return false;
    }

    /** TLS 1.2 CertificateStatus: the response of the identity served, if it has a current one. */
    @Override
    public CertificateStatus getCertificateStatus() {
        return served == null ? null : staple(served);
    }

    private static CertificateStatus staple(Identity identity) {
        return identity.ocsp() == null ? null : identity.ocsp().current();
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

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        if (settings.clientAuth == PeerSettings.ClientAuth.NONE) {
            return null;
        }
        Vector<?> signatureAlgorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        Vector<X500Name> authorities = certificateAuthorities();
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, signatureAlgorithms, null, authorities);
        }
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, signatureAlgorithms, authorities);
    }

    /**
     * The subjects of our trusted certificates, as OpenSSL's {@code SSL_CTX_set_client_CA_list} would send (none for
     * more than 100); the names are made once per verifier, the Vector is Bouncy Castle's to keep.
     */
    private Vector<X500Name> certificateAuthorities() {
        List<X500Name> names = settings.verifier.authorityNames();
        return names.isEmpty() || names.size() > 100 ? null : new Vector<>(names);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            if (settings.clientAuth == PeerSettings.ClientAuth.REQUIRE) {
                // RFC 8446 4.4.2.4 certificate_required; RFC 5246 7.4.6 handshake_failure.
                short alert = TlsUtils.isTLSv13(context) ? AlertDescription.certificate_required
                        : AlertDescription.handshake_failure;
                throw new TlsFatalAlert(alert, "a client certificate is required",
                        new java.security.cert.CertificateException("no client certificate"));
            }
            return;
        }
        settings.verifier.verify(clientCertificate, null, PeerVerifier.Purpose.CLIENT);
    }

    @Override
    public byte[] getNewSessionID() {
        if (!settings.serverSessions.isEnabled() || TlsUtils.isTLSv13(context)) {
            return null;
        }
        return context.getNonceGenerator().generateNonce(SESSION_ID_LENGTH);
    }

    @Override
    public TlsSession getSessionToResume(byte[] sessionID) {
        if (context.getSecurityParametersConnection() != null) {
            // A renegotiation is always a full handshake: resuming there made openssl s_client fail with
            // "unexpected message" (it sends the current session ID but expects the full flight after R/HelloRequest).
            return null;
        }
        if (settings.sessionTickets.isEnabled() && offeredTicket != null && offeredTicket.length > 0) {
            // RFC 5077 section 3.4: with a ticket presented, the session ID is not looked up in the cache.
            boolean clientOffersEms = clientExtensions.containsKey(TlsExtensionsUtils.EXT_extended_master_secret);
            return settings.sessionTickets.resume(offeredTicket, sessionID, requestedServerName, offeredCipherSuites,
                    getSupportedCipherSuites(), clientOffersEms, settings.clientAuth == PeerSettings.ClientAuth.REQUIRE,
                    getCrypto());
        }
        TlsSession session = settings.serverSessions.get(sessionID, requestedServerName);
        if (session != null && settings.clientAuth == PeerSettings.ClientAuth.REQUIRE) {
            // Bouncy Castle does not check this (its TODO in TlsServerProtocol): a required client certificate
            // must have been seen in the session being resumed.
            Certificate peer = session.exportSessionParameters().getPeerCertificate();
            return peer == null || peer.isEmpty() ? null : session;
        }
        return session;
    }

    @Override
    public void notifySession(TlsSession session) {
        SecurityParameters handshake = context.getSecurityParametersHandshake();
        // A renegotiation's session is not cached (see ContextClient.notifyHandshakeComplete).
        if (!handshake.isResumedSession() && !handshake.isRenegotiating()) {
            pendingSession = session;
        }
    }

    /** A session enters the cache only once its handshake completed (a failed one is never resumable). */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        PeerHooks.handshakeComplete(settings, observer, context, handshakeSecretsLogged);
        if (pendingSession != null && !TlsUtils.isTLSv13(context)) {
            settings.serverSessions.put(context.getSession(), requestedServerName);
        }
        pendingSession = null;
        offeredTicket = null;
        releaseHandshakeState();
    }

    /**
     * Drops what Bouncy Castle's {@code AbstractTlsServer} keeps of the ClientHello after the handshake: the client's
     * extensions (a Hashtable of about ten byte arrays), its cipher suite list and our extensions, about 0.9 KiB per
     * idle TLS 1.2 connection (issue 10's TLS 1.2 target). Every field is one BC resets itself in
     * {@code notifyHandshakeBeginning}, so a renegotiation starts as it did before.
     */
    private void releaseHandshakeState() {
        clientExtensions = null;
        offeredCipherSuites = null;
        serverExtensions.clear();
        clientProtocolNames = null;
        statusRequestV2 = null;
        trustedCAKeys = null;
        certificateStatusRequest = null;
    }
}

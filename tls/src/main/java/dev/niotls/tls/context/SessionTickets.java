package dev.niotls.tls.context;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsServerContext;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.Integers;

/**
 * TLS 1.2 stateless session resumption, server side (RFC 5077): OpenSSL's session tickets
 * ({@code SSL_OP_NO_TICKET} cleared, {@code SSL_CTX_set_tlsext_ticket_key_evp_cb}). Shared by every connection of
 * a context; all state lives in the keys.
 *
 * <p>Bouncy Castle 1.84 sends a NewSessionTicket when the ServerHello carries an empty session_ticket extension,
 * with what {@code getNewSessionTicket()} returns, but has no ticket resumption of its own; it rides on session-ID
 * resumption: the ticket is opened in {@code getSessionToResume} and returned as a session under the client's
 * session ID, which the ServerHello then echoes (RFC 5077 section 3.4). Every reason not to resume (no key of
 * ours, tampered, truncated, expired, another SNI name, a suite or EMS the client no longer offers, a required
 * client certificate missing) gives null, and the handshake goes on as a full one: never an error.
 */
final class SessionTickets {
    private static final System.Logger LOG = System.getLogger(SessionTickets.class.getName());
    static final Integer EXTENSION = Integers.valueOf(ExtensionType.session_ticket);
    /** RFC 5077 section 3.3: a ticket is at most 2^16-1 bytes. */
    private static final int MAX_TICKET_LENGTH = 0xffff;
    /** Tickets issued by a server whose clock runs ahead are accepted up to this much "from the future". */
    private static final long CLOCK_SKEW_MILLIS = 60_000;
    private static final SessionTickets DISABLED = new SessionTickets(null, null, 0);

    private final SessionTicketKeys keys;
    private final TicketSealer sealer;
    private final long lifetimeMillis;

    SessionTickets(SessionTicketKeys keys, TicketSealer sealer, long lifetimeMillis) {
        this.keys = keys;
        this.sealer = sealer;
        this.lifetimeMillis = lifetimeMillis;
    }

    static SessionTickets disabled() {
        return DISABLED;
    }

    boolean isEnabled() {
        return keys != null;
    }

    /** The keys in force now (tests and diagnostics). */
    TicketKeySet keys() {
        return keys.current(System.currentTimeMillis());
    }

    /** The client's session_ticket extension data (empty: "give me one"), or null when it sent none. */
    @SuppressWarnings("rawtypes")
    static byte[] offered(Hashtable clientExtensions) {
        return clientExtensions == null ? null : (byte[]) clientExtensions.get(EXTENSION);
    }

    /**
     * Whether this full TLS 1.2 handshake answers the client's session_ticket extension (and so will send a
     * NewSessionTicket): only with extended master secret, since Bouncy Castle refuses to resume without it.
     */
    boolean willIssue(byte[] offered, TlsServerContext context) {
        return isEnabled() && offered != null && !TlsUtils.isTLSv13(context)
                && context.getSecurityParametersHandshake().isExtendedMasterSecret();
    }

    /** The NewSessionTicket of a completing full handshake; an empty ticket (RFC 5077 section 3.3) if none fits. */
    @SuppressWarnings("rawtypes")
    NewSessionTicket issue(TlsServerContext context, Hashtable serverExtensions, String serverName) {
        long now = System.currentTimeMillis();
        byte[] ticket = TlsUtils.EMPTY_BYTES;
        try {
            TicketState state = TicketState.of(context.getSecurityParametersHandshake(), context.getCrypto(),
                    serverExtensions, serverName, now);
            byte[] plain = state.encode();
            state.destroy();
            if (plain.length + TicketSealer.OVERHEAD <= MAX_TICKET_LENGTH) {
                ticket = sealer.seal(keys.current(now).encrypting(), plain);
            }
            Arrays.fill(plain, (byte) 0);
        } catch (IOException | RuntimeException e) {
            // A ticket is an optimisation: the handshake completes without one (the client gets an empty ticket).
            LOG.log(System.Logger.Level.WARNING, "no session ticket issued", e);
        }
        return new NewSessionTicket(lifetimeMillis / 1000, ticket);
    }

    /**
     * The session that {@code ticket} resumes under the client's {@code sessionId}, or null for a full handshake.
     *
     * @param offeredSuites the client's cipher suites; Bouncy Castle fails with internal_error on a resumed suite
     *        the client did not offer, so that is checked here first
     * @param ourSuites the suites this server may negotiate now
     * @param clientOffersEms whether the ClientHello has extended_master_secret (RFC 7627 section 5.3: an EMS
     *        session is not resumed without it; Bouncy Castle would abort instead of falling back)
     * @param certificateRequired whether a client certificate is required (the session must carry one)
     */
    TlsSession resume(byte[] ticket, byte[] sessionId, String serverName, int[] offeredSuites, int[] ourSuites,
            boolean clientOffersEms, boolean certificateRequired, TlsCrypto crypto) {
        if (!isEnabled() || ticket == null || sessionId == null || sessionId.length == 0) {
            return null; // Bouncy Castle cannot resume a session without an ID to echo (a TlsSession needs one)
        }
        long now = System.currentTimeMillis();
        byte[] plain = TicketSealer.open(keys.current(now), ticket);
        TicketState state = plain == null ? null : TicketState.decode(plain);
        if (plain != null) {
            Arrays.fill(plain, (byte) 0);
        }
        if (state == null) {
            return null;
        }
        try {
            boolean usable = now - state.issuedMillis < lifetimeMillis
                    && state.issuedMillis - now < CLOCK_SKEW_MILLIS
                    && ProtocolVersion.TLSv12.equals(state.version)
                    && java.util.Objects.equals(serverName, state.serverName)
                    && Arrays.contains(offeredSuites, state.cipherSuite)
                    && Arrays.contains(ourSuites, state.cipherSuite)
                    && state.extendedMasterSecret && clientOffersEms
                    && (!certificateRequired || state.hasPeerCertificate());
            SessionParameters parameters = usable ? state.sessionParameters(crypto) : null;
            return parameters == null ? null : TlsUtils.importSession(sessionId, parameters);
        } finally {
            state.destroy();
        }
    }
}

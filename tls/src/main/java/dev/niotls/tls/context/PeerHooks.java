package dev.niotls.tls.context;

import dev.niotls.tls.engine.SessionFacts;
import dev.niotls.tls.events.ConnectionObserver;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;

/**
 * What both Bouncy Castle peers ({@link ContextServer}, {@link ContextClient}) do at the same moments of a
 * handshake for the operator's tools: the key log ({@link KeyLog}) and the connection's
 * {@link ConnectionObserver} (JFR events). Stateless: each peer keeps its observer and one flag, so a
 * connection pays two fields for these hooks, not an object.
 */
final class PeerHooks {
    private PeerHooks() {
    }

    /** {@code notifyHandshakeBeginning}: the first handshake or a renegotiation. */
    static void handshakeBeginning(ConnectionObserver observer, TlsContext context) {
        observer.handshakeStarted(context.isServer(), context.getSecurityParametersConnection() != null);
    }

    /**
     * TLS 1.3, after the ServerHello: the handshake traffic secrets exist (Bouncy Castle's baseKeyClient/Server).
     *
     * @return whether they are logged now or were before
     */
    static boolean handshakeSecretsReady(PeerSettings settings, TlsContext context, boolean logged) {
        return settings.keyLog == null || logged || settings.keyLog.handshakeSecrets(context);
    }

    /** {@code notifyHandshakeComplete}: before Bouncy Castle clears the handshake's secrets. */
    static void handshakeComplete(PeerSettings settings, ConnectionObserver observer, TlsContext context,
            boolean handshakeSecretsLogged) {
        if (settings.keyLog != null) {
            settings.keyLog.handshakeComplete(context, handshakeSecretsLogged);
        }
        SecurityParameters parameters = context.getSecurityParametersConnection();
        if (parameters != null && observer != ConnectionObserver.NONE) {
            int group = parameters.getNegotiatedGroup();
            observer.handshakeCompleted(SessionFacts.protocol(parameters), SessionFacts.cipherSuite(parameters),
                    group < 0 ? null : NamedGroup.getName(group), parameters.isResumedSession());
        }
    }
}

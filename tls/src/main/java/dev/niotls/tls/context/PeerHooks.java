package dev.niotls.tls.context;

import dev.niotls.tls.engine.SessionFacts;
import dev.niotls.tls.events.ConnectionObserver;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;

/**
 * What both Bouncy Castle peers ({@link ContextServer}, {@link ContextClient}) do at the same moments of a
 * handshake for the operator's tools: the key log ({@link KeyLog}) and the connection's
 * {@link ConnectionObserver} (JFR events). One per peer, so one per connection.
 */
final class PeerHooks {
    private final KeyLog keyLog;
    private final ConnectionObserver observer;
    private boolean handshakeSecretsLogged;

    PeerHooks(PeerSettings settings, ConnectionObserver observer) {
        this.keyLog = settings.keyLog;
        this.observer = observer == null ? ConnectionObserver.NONE : observer;
    }

    /** {@code notifyHandshakeBeginning}: the first handshake or a renegotiation. */
    void handshakeBeginning(TlsContext context) {
        handshakeSecretsLogged = false;
        observer.handshakeStarted(context.isServer(), context.getSecurityParametersConnection() != null);
    }

    /** TLS 1.3, after the ServerHello: the handshake traffic secrets exist (Bouncy Castle's baseKeyClient/Server). */
    void handshakeSecretsReady(TlsContext context) {
        if (keyLog != null && !handshakeSecretsLogged) {
            handshakeSecretsLogged = keyLog.handshakeSecrets(context);
        }
    }

    /** {@code notifyHandshakeComplete}: before Bouncy Castle clears the handshake's secrets. */
    void handshakeComplete(TlsContext context) {
        if (keyLog != null) {
            keyLog.handshakeComplete(context, handshakeSecretsLogged);
        }
        SecurityParameters parameters = context.getSecurityParametersConnection();
        if (parameters != null && observer != ConnectionObserver.NONE) {
            int group = parameters.getNegotiatedGroup();
            observer.handshakeCompleted(SessionFacts.protocol(parameters), SessionFacts.cipherSuite(parameters),
                    group < 0 ? null : NamedGroup.getName(group), parameters.isResumedSession());
        }
    }

    void alertSent(short level, short description, String message) {
        observer.alertSent(level, description, message);
    }

    void alertReceived(short level, short description) {
        observer.alertReceived(level, description);
    }
}

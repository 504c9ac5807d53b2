package dev.niotls.tls;

import java.security.cert.CertificateException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * Turns what Bouncy Castle threw into an OpenSSL-style reason (the SSL_R_* of ERR_get_error). In the API package,
 * beside the {@link TlsException} it makes: the engine package below does not know the API's types.
 */
final class FailureClassifier {
    /** What the connection saw before the failure that the exception alone does not say. */
    record Context(boolean handshakeCompleted, boolean noRenegotiationReceived, TlsReason inputHint) {
    }

    private FailureClassifier() {
    }

    static TlsException classify(Throwable failure, Context context) {
        if (failure instanceof TlsFatalAlertReceived) {
            short alert = ((TlsFatalAlertReceived) failure).getAlertDescription();
            return new TlsException(TlsReason.ALERT_RECEIVED, alert,
                    "peer sent fatal alert " + AlertDescription.getText(alert), failure);
        }
        if (failure instanceof TlsFatalAlert) {
            TlsFatalAlert sent = (TlsFatalAlert) failure;
            short alert = sent.getAlertDescription();
            TlsReason reason = reasonForSentAlert(sent, context);
            String detail = "sent fatal alert " + AlertDescription.getText(alert)
                    + (sent.getMessage() == null ? "" : " (" + sent.getMessage() + ")");
            return new TlsException(reason, alert, detail, failure);
        }
        return new TlsException(TlsReason.INTERNAL_ERROR, TlsException.NO_ALERT, String.valueOf(failure), failure);
    }

    private static TlsReason reasonForSentAlert(TlsFatalAlert sent, Context context) {
        if (context.noRenegotiationReceived()) {
            return TlsReason.NO_RENEGOTIATION;
        }
        if (hasCertificateCause(sent)) {
            return TlsReason.CERTIFICATE_VERIFY_FAILED;
        }
        if (context.inputHint() != null) {
            return context.inputHint();
        }
        String message = String.valueOf(sent.getMessage());
        if (message.contains("exceeds the maximum")) {
            // PeerInputGuard (illegal_parameter, SPEC A1) or TlsProtocol.processHandshakeQueue (internal_error), H5
            return TlsReason.EXCESSIVE_MESSAGE_SIZE;
        }
        switch (sent.getAlertDescription()) {
            case AlertDescription.bad_record_mac:
                return TlsReason.BAD_RECORD_MAC;
            case AlertDescription.record_overflow:
                return TlsReason.RECORD_OVERFLOW;
            case AlertDescription.protocol_version:
                return TlsReason.UNSUPPORTED_PROTOCOL;
            case AlertDescription.no_application_protocol:
                return TlsReason.NO_APPLICATION_PROTOCOL;
            case AlertDescription.internal_error:
                return context.handshakeCompleted() ? TlsReason.INTERNAL_ERROR : TlsReason.HANDSHAKE_FAILURE;
            default:
                return context.handshakeCompleted() ? TlsReason.ALERT_SENT : TlsReason.HANDSHAKE_FAILURE;
        }
    }

    private static boolean hasCertificateCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}

package dev.niotls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.Test;

/** Which failures record a stack trace of their own (issue 11: walking the stack per handshake was measurable). */
class TlsExceptionTest {
    @Test
    void aFailureWithoutCauseKeepsWhereItWasRecorded() {
        TlsException failure = new TlsException(TlsReason.BAD_WRITE_RETRY, TlsException.NO_ALERT, "retry", null);
        assertTrue(failure.getStackTrace().length > 0);
        assertEquals(getClass().getName(), failure.getStackTrace()[0].getClassName());
    }

    @Test
    void aFailureWithCauseLeavesTheTraceToTheCause() {
        TlsFatalAlert cause = new TlsFatalAlert(AlertDescription.handshake_failure, "no suite");
        TlsException failure = new TlsException(TlsReason.ALERT_SENT, AlertDescription.handshake_failure, "sent", cause);
        assertEquals(0, failure.getStackTrace().length);
        assertSame(cause, failure.getCause());
        assertTrue(cause.getStackTrace().length > 0);
        StringWriter printed = new StringWriter();
        failure.printStackTrace(new PrintWriter(printed));
        assertTrue(printed.toString().contains("Caused by: " + cause), printed.toString());
    }

    @Test
    void anUnexpectedEofHasNoTrace() {
        TlsException failure = new TlsException(TlsReason.UNEXPECTED_EOF_WHILE_READING, TlsException.NO_ALERT,
                "the peer closed the transport without close_notify", null);
        assertEquals(0, failure.getStackTrace().length);
        assertEquals(TlsReason.UNEXPECTED_EOF_WHILE_READING, failure.reason());
    }

    @Test
    void fillInStackTraceStillWorksAfterConstruction() throws IOException {
        TlsException failure = new TlsException(TlsReason.UNEXPECTED_EOF_WHILE_READING, TlsException.NO_ALERT, null,
                null);
        assertSame(failure, failure.fillInStackTrace());
        assertTrue(failure.getStackTrace().length > 0);
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(failure); // still Serializable, as every IOException
        }
    }
}

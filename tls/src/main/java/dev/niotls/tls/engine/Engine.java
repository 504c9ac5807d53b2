package dev.niotls.tls.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bouncycastle.tls.SecurityParameters;

/**
 * What a connection drives: during the handshake (and for the whole of a TLS 1.2 connection) a Bouncy Castle
 * non-blocking protocol object (TlsServerProtocol or TlsClientProtocol, subclassed; the methods are the
 * protected hooks of {@code TlsProtocol} that niotls needs, made reachable), and after a TLS 1.3 handshake
 * niotls's own record layer ({@code dev.niotls.tls.record.Tls13Engine}).
 */
public interface Engine {
    /** Starts the handshake: the client's ClientHello goes to the output queue. */
    void start() throws IOException;

    /** Processes exactly one complete record (header included); may decrypt in place in {@code record}. */
    void offerRecord(byte[] record, int offset, int length) throws IOException;

    /**
     * Checks the header of a record that has not fully arrived (type, and length against the
     * current limit), so that an oversized record fails at its header, as OpenSSL's does
     * (SSL_R_ENCRYPTED_LENGTH_TOO_LONG), not after its announced length has been waited for.
     */
    void checkRecordHeader(byte[] buffer, int offset) throws IOException;

    /** Encrypts application data (at most one record's worth is passed by the connection). */
    void writeApplicationData(byte[] data, int offset, int length) throws IOException;

    /** Encrypts {@code length} bytes of {@code src} from {@code index} (a buffer without an array). */
    void writeApplicationData(ByteBuffer src, int index, int length) throws IOException;

    /** Whether the write key protected its limit of records: a KeyUpdate must go first (RFC 8446 section 5.5). */
    default boolean writeKeyUpdateDue() {
        return false;
    }

    /** Overwrites the traffic secrets and keys the engine holds (the connection is closed; SPEC L4). */
    default void wipeSecrets() {
    }

    /** Bytes of ciphertext waiting in the engine's output queue. */
    int availableOutput();

    /** Moves up to {@code length} ciphertext bytes out of the engine's output queue. */
    int readOutput(byte[] buffer, int offset, int length);

    /** Gives the output queue's memory back once it is empty (Bouncy Castle's queues never shrink by themselves). */
    void releaseOutputQueue();

    /** Whether application data may flow: the first handshake has completed. */
    boolean isApplicationDataReady();

    /** Whether a handshake (the first one or a renegotiation) is in progress. */
    boolean isHandshaking();

    /** Whether the engine failed or closed (after a fatal alert, sent or received). */
    boolean isClosed();

    /**
     * Bouncy Castle's parameters of the established connection: null before the first handshake completes,
     * and after the TLS 1.3 hand-off (the connection keeps a {@link SessionSnapshot}).
     */
    SecurityParameters connectionParameters();

    /** Queues our close_notify without closing our input (Bouncy Castle's close() would do both). */
    void sendCloseNotify() throws IOException;

    /** Queues a TLS 1.3 KeyUpdate (RFC 8446 section 4.6.3). */
    void sendKeyUpdate(boolean requestPeerUpdate) throws IOException;

    /** Starts a TLS 1.2 renegotiation: the server sends HelloRequest, the client a new ClientHello. */
    void startRenegotiation() throws IOException;

    /** Sends a fatal alert for input niotls rejected itself, and fails the engine. */
    void abort(short alertDescription, String message) throws IOException;

    /** Whether this engine is the server side. */
    boolean isServer();
}

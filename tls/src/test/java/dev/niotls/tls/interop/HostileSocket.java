package dev.niotls.tls.interop;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A hostile TLS peer on a plain {@link Socket}: it sends bytes made by {@link HandshakeBytes} and reads
 * back what the other side answers, record by record, until the first alert, the end of the stream or a
 * deadline. The answer says which came first: the alert (its level and description), a ServerHello
 * (the peer went on with the handshake) or nothing.
 */
final class HostileSocket implements AutoCloseable {
    private static final int ALERT = 21;

    /** What the peer answered. {@code level} and {@code description} are set for an alert, else -1. */
    record Answer(Kind kind, int level, int description, String records) {
        enum Kind { ALERT, SERVER_HELLO, CLOSED, SILENT }

        static Answer alert(int level, int description, String records) {
            return new Answer(Kind.ALERT, level, description, records);
        }

        boolean isFatalAlert(int expected) {
            return kind == Kind.ALERT && level == 2 && description == expected;
        }

        @Override
        public String toString() {
            return kind == Kind.ALERT ? "alert(level " + level + ", description " + description + ") after ["
                    + records + "]" : kind + " [" + records + "]";
        }
    }

    private final Socket socket;
    private final InputStream input;

    HostileSocket(int port) throws IOException {
        this(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    private HostileSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        this.input = socket.getInputStream();
    }

    /** The hostile peer on a connected socket, e.g. the accepted end when it plays the server. */
    static HostileSocket over(Socket socket) throws IOException {
        return new HostileSocket(socket);
    }

    Socket socket() {
        return socket;
    }

    /**
     * Sends {@code bytes}. A peer that refuses at a record or message header (an oversized ClientHello: OpenSSL
     * and niotls alike) sends its alert and closes before it has read the rest, and its kernel resets what is
     * still arriving: the write then fails, but the alert already sits in this socket's receive queue, where
     * {@link #answer} reads it. So a reset while sending is not the test's answer; the alert is.
     */
    void send(byte[] bytes) throws IOException {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (java.net.SocketException resetWhileSending) {
            // the peer closed early: read its answer
        }
    }

    /** Sends {@code bytes} to a fresh connection on {@code port} and returns the answer. */
    static Answer exchange(int port, byte[] bytes) throws IOException {
        try (HostileSocket peer = new HostileSocket(port)) {
            peer.send(bytes);
            return peer.answer(false);
        }
    }

    /**
     * Reads records until an alert, or the end, or 10 s of silence. With {@code pastServerHello}, a
     * ServerHello does not end the reading: the alert that may follow it (A4: the answer that must not
     * come) is read too, as far as it travels in the clear.
     */
    Answer answer(boolean pastServerHello) throws IOException {
        StringBuilder seen = new StringBuilder();
        try {
            for (;;) {
                byte[] header = readFully(5);
                int type = header[0] & 0xFF;
                int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
                byte[] fragment = readFully(length);
                seen.append(seen.length() == 0 ? "" : ", ").append(describe(type, fragment));
                if (type == ALERT && length == 2) {
                    return Answer.alert(fragment[0], fragment[1], seen.toString());
                }
                if (type == HandshakeBytes.HANDSHAKE && length > 0 && fragment[0] == HandshakeBytes.SERVER_HELLO
                        && !pastServerHello) {
                    return new Answer(Answer.Kind.SERVER_HELLO, -1, -1, seen.toString());
                }
            }
        } catch (EOFException e) {
            return new Answer(seen.length() > 0 && seen.indexOf("ServerHello") >= 0 ? Answer.Kind.SERVER_HELLO
                    : Answer.Kind.CLOSED, -1, -1, seen.toString());
        } catch (SocketTimeoutException e) {
            return new Answer(Answer.Kind.SILENT, -1, -1, seen.toString());
        }
    }

    private static String describe(int type, byte[] fragment) {
        if (type == HandshakeBytes.HANDSHAKE && fragment.length > 0) {
            return fragment[0] == HandshakeBytes.SERVER_HELLO ? "ServerHello" : "handshake " + fragment[0];
        }
        return (type == ALERT ? "alert" : "record " + type) + " of " + fragment.length;
    }

    private byte[] readFully(int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        byte[] buffer = new byte[Math.min(Math.max(length, 1), 16384)];
        while (out.size() < length) {
            int read = input.read(buffer, 0, Math.min(buffer.length, length - out.size()));
            if (read < 0) {
                throw new EOFException();
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

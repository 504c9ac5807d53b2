package dev.niotls.tls.reactor;

import dev.niotls.reactor.EventLoop;
import dev.niotls.tls.TlsConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One TLS connection served by an event loop: what a {@link TlsHandler} talks to. A sort of
 * {@code SSL} plus its socket and its place on the loop.
 *
 * <p>Thread rules: call everything on {@link #loop()}'s thread (from the handler's methods, or in a
 * task given to {@code channel.loop().execute(...)}), except {@link #close()}, {@link #isOpen()},
 * {@link #id()} and {@link #remoteAddress()}, which are safe from any thread.
 */
public interface TlsChannel {

    /**
     * Queues {@code data} for sending ({@code SSL_write} on the loop). The channel <b>takes the
     * buffer</b>: it is written as it is, the very same object retried after WANT_READ/WANT_WRITE
     * (SPEC W3), and its position advances as its bytes go out; do not touch it afterwards. To send
     * shared bytes (a fixed HTTP response), pass {@code shared.duplicate()}.
     *
     * <p>Nothing is ever dropped. Before the handshake finishes, the data waits for it. A relay or
     * echo server that gets {@code false} should also {@link #pauseReading()} until
     * {@link TlsHandler#onWritable}, so that a peer that sends without reading fills its own socket
     * rather than this queue.
     *
     * @return {@code true} while the queued bytes (this buffer included) stay under the bound
     *     ({@link TlsServerOptions#sendQueueLimit}); {@code false} when they reached it: the buffer is
     *     queued all the same, and the application should wait for {@link TlsHandler#onWritable}
     *     before sending more. Also {@code false}, with the buffer ignored, once {@link #close()} was
     *     called or the channel is closed.
     * @throws IllegalArgumentException for the buffer of {@link TlsHandler#onData} (or a view of it):
     *     it belongs to the loop; send a copy
     */
    boolean send(ByteBuffer data);

    /** @return bytes queued and not yet handed to TLS (the pending write's remainder included) */
    long queuedBytes();

    /**
     * Stops delivering {@link TlsHandler#onData}: the channel stops calling {@code SSL_read}, so TCP
     * flow control slows the peer down (nothing piles up in memory). A pending write that needs the
     * peer's handshake records still reads them. Resume with {@link #resumeReading()}.
     */
    void pauseReading();

    /** Delivers {@link TlsHandler#onData} again after {@link #pauseReading()}. */
    void resumeReading();

    /**
     * Closes gracefully: queued data goes out, then close_notify ({@code SSL_shutdown}), then the
     * channel waits for the peer's close_notify or end of stream and closes the socket (or closes it
     * at once, when the options say not to {@code awaitPeerCloseNotify}). Until then,
     * what the peer still sends is delivered to {@link TlsHandler#onData} (discarded while reading
     * is paused); {@link #send} refuses new data. The close timeout bounds the whole sequence. Before the handshake finished, closes the socket at once
     * ({@link CloseReason#ABORTED}). Idempotent; safe from any thread.
     */
    void close();

    /** @return {@code false} once the channel closed (its {@link TlsHandler#onClosed} ran or is running) */
    boolean isOpen();

    /**
     * Starts a TLS 1.2 renegotiation ({@code SSL_renegotiate}: HelloRequest from a server, a new
     * ClientHello from a client). The data flow goes on while it runs; the application notices
     * nothing.
     *
     * @return {@code false} when refused: TLS 1.3, renegotiation disabled or not secure (RFC 5746),
     *     closing; {@code connection().lastReason()} says why
     */
    boolean renegotiate();

    /**
     * Sends a TLS 1.3 KeyUpdate ({@code SSL_key_update}), asking the peer to update its keys too when
     * {@code requestPeerUpdate}. While a write is pending the update waits for it to complete
     * (OpenSSL refuses it then; the channel defers it instead).
     *
     * @return {@code false} when refused: TLS 1.2, no handshake yet, closing
     */
    boolean keyUpdate(boolean requestPeerUpdate);

    /**
     * The TLS connection, for its facts: {@code protocol()}, {@code cipherSuite()},
     * {@code applicationProtocol()}, {@code peerCertificates()}, {@code serverName()},
     * {@code isResumed()}, {@code renegotiations()}... Do not read, write or shut it down yourself:
     * the channel owns its I/O.
     */
    TlsConnection connection();

    /** @return the loop that owns this channel for its whole life */
    EventLoop loop();

    /** @return the peer's address; for a client whose connect has not completed, the target address */
    InetSocketAddress remoteAddress();

    /** @return a number for logs, unique in this JVM */
    long id();
}

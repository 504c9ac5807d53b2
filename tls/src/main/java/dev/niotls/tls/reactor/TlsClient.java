package dev.niotls.tls.reactor;

import dev.niotls.reactor.ChannelHandler;
import dev.niotls.reactor.ConnectCallback;
import dev.niotls.reactor.EventLoop;
import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * Opens TLS client connections on an {@link EventLoopGroup}: a non-blocking TCP connect, then the
 * handshake, then the {@link TlsHandler} takes over. The twin of {@code SSL_connect} on a
 * non-blocking socket driven by an event loop.
 */
public final class TlsClient {
    private TlsClient() {}

    /**
     * Connects to {@code address} on the group's next loop and returns at once.
     * {@link TlsHandler#onHandshake} follows when the handshake is done, or {@link TlsHandler#onClosed}
     * with {@link CloseReason#CONNECT_FAILED} (TCP), {@link CloseReason#ERROR} (TLS, for example
     * {@code CERTIFICATE_VERIFY_FAILED}) or {@link CloseReason#HANDSHAKE_TIMEOUT}.
     *
     * @param context a client context ({@code TlsContext.client()})
     * @param serverName the SNI name, also the name the server's certificate must match; {@code null}
     *     for the context's {@code serverName}
     * @return the channel: {@link TlsChannel#close()} works at once from any thread; the rest belongs
     *     to the loop's thread ({@link TlsChannel#connection()} is null until the TCP connect completes)
     */
    public static TlsChannel connect(EventLoopGroup group, InetSocketAddress address, TlsContext context,
            String serverName, TlsClientOptions options, TlsHandler handler) {
        if (context.isServer()) {
            throw new IllegalArgumentException("a TlsClient needs a client context (TlsContext.client())");
        }
        Objects.requireNonNull(handler, "handler");
        EventLoop loop = group.next();
        ReactorChannel channel = ReactorChannel.connecting(loop, address, options.settings(), handler);
        loop.connect(address, options.connectTimeout(), new ConnectCallback() {
            @Override
            public ChannelHandler connected(SocketChannel socket, EventLoop owner) throws IOException {
                channel.attach(socket, context, serverName);
                return channel;
            }

            @Override
            public void failed(IOException cause) {
                channel.connectFailed(cause);
            }
        });
        return channel;
    }
}

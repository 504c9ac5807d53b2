package dev.niotls.reactor;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Creates the handler of an accepted connection, on the loop that will own the connection for its
 * whole life (the twin of the {@code accept} callback of a libevent {@code evconnlistener}).
 */
@FunctionalInterface
public interface HandlerFactory {

    /**
     * Called on {@code loop}'s thread with a freshly accepted, non-blocking channel. The loop then
     * registers it with interest {@code OP_READ} and calls {@link ChannelHandler#registered}.
     *
     * @param channel the accepted connection (set socket options such as {@code TCP_NODELAY} here)
     * @param loop the loop that owns the connection from now on
     * @return the connection's handler
     * @throws IOException to refuse the connection: it is closed and the error logged
     */
    ChannelHandler newHandler(SocketChannel channel, EventLoop loop) throws IOException;
}

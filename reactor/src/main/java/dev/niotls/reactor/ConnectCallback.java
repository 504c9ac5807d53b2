package dev.niotls.reactor;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * The end of a client connect started with {@link EventLoop#connect} or {@link
 * EventLoopGroup#connect}: exactly one of the two methods is called, on the loop's thread.
 */
public interface ConnectCallback {

    /**
     * The TCP connection is established. The returned handler serves the channel from now on: the
     * loop sets interest {@code OP_READ} and calls {@link ChannelHandler#registered}.
     *
     * @param channel the connected, non-blocking channel
     * @param loop the loop that owns the connection for its whole life
     * @return the connection's handler
     * @throws IOException to close the connection (the error is logged; {@link #failed} is not called)
     */
    ChannelHandler connected(SocketChannel channel, EventLoop loop) throws IOException;

    /**
     * The connect failed: refused, unreachable, {@link java.net.SocketTimeoutException} after the
     * timeout, or {@link java.nio.channels.AsynchronousCloseException} when the loop shut down first.
     * The channel is closed already.
     *
     * @param cause why
     */
    void failed(IOException cause);
}

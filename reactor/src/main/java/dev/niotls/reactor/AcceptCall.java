package dev.niotls.reactor;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The {@code accept()} a listener makes; a seam so tests can make it fail like EMFILE does. */
@FunctionalInterface
interface AcceptCall {
    /** @return the accepted channel, or {@code null} when none is waiting */
    SocketChannel accept(ServerSocketChannel server) throws IOException;
}

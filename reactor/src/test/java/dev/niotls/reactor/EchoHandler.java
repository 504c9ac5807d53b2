package dev.niotls.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * Sends back what it reads; closes after the peer's EOF once everything is flushed. Reads only
 * while its buffer has room and writes only while it holds bytes, so a slow reader slows the
 * writer down instead of growing memory.
 */
class EchoHandler implements ChannelHandler {
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);
    private boolean peerClosed;

    @Override
    public void ready(Registration registration, int readyOps) throws IOException {
        SocketChannel channel = (SocketChannel) registration.channel();
        if (!peerClosed && buffer.hasRemaining() && channel.read(buffer) < 0) {
            peerClosed = true;
        }
        onRead(buffer);
        buffer.flip();
        channel.write(buffer);
        buffer.compact();
        if (peerClosed && buffer.position() == 0) {
            registration.close();
            return;
        }
        int interest = buffer.position() > 0 ? SelectionKey.OP_WRITE : 0;
        if (!peerClosed && buffer.hasRemaining()) {
            interest |= SelectionKey.OP_READ;
        }
        registration.interestOps(interest);
    }

    /** Hook for tests: sees the buffer (write mode) after each read. */
    void onRead(ByteBuffer filled) throws IOException {}
}

package dev.niotls.tls.reactor;

import java.nio.ByteBuffer;

/**
 * Sends back every byte received, the way an echo or relay server should: when {@code send} reports
 * the queue full it stops reading until {@code onWritable}, so a peer that sends without reading
 * fills its own socket, not this server's heap.
 */
final class EchoServer implements TlsHandler {
    @Override
    public void onData(TlsChannel channel, ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip(); // data is the loop's
        if (!channel.send(copy)) {
            channel.pauseReading();
        }
    }

    @Override
    public void onWritable(TlsChannel channel) {
        channel.resumeReading();
    }
}

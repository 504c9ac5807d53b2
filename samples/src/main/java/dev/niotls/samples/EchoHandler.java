package dev.niotls.samples;

import dev.niotls.tls.reactor.TlsChannel;
import dev.niotls.tls.reactor.TlsHandler;
import java.nio.ByteBuffer;

/** One connection of {@code echo-server}: sends back every byte received, pausing reads while the peer does not read. */
final class EchoHandler implements TlsHandler {
    @Override
    public void onData(TlsChannel channel, ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip(); // data is the loop's: copy it
        if (!channel.send(copy)) {
            channel.pauseReading(); // backpressure: read again when the queue drained (onWritable)
        }
    }

    @Override
    public void onWritable(TlsChannel channel) {
        channel.resumeReading();
    }
}

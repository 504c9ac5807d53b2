package dev.niotls.bench.niotls;

import java.nio.ByteBuffer;

/** The TLS echo: every decrypted buffer copied (the loop's read buffer is shared) and sent back. */
final class EchoService implements SessionHandler {
    @Override
    public void received(Session session, ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        session.send(copy);
    }
}

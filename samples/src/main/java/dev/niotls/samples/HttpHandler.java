package dev.niotls.samples;

import dev.niotls.tls.reactor.TlsChannel;
import dev.niotls.tls.reactor.TlsHandler;
import java.nio.ByteBuffer;

/** One HTTPS connection of {@code https-server}: an {@link HttpConversation} over its {@link TlsChannel}. */
final class HttpHandler implements TlsHandler {
    static final String BODY = HttpConversation.BODY;
    /** The heap block of every /bytes/N body: TLS encrypts from it, no socket write reads it. */
    private static final ByteBuffer BLOCK = HttpConversation.newBlock(false);

    private HttpConversation conversation;

    /** Made with the first bytes (a renegotiation calls onHandshake again: the conversation goes on). */
    private HttpConversation conversation(TlsChannel channel) {
        if (conversation == null) {
            conversation = newConversation(channel);
        }
        return conversation;
    }

    private static HttpConversation newConversation(TlsChannel channel) {
        return new HttpConversation(new HttpConversation.Transport() {
            @Override
            public boolean send(ByteBuffer data) {
                return channel.send(data);
            }

            @Override
            public void pauseReading() {
                channel.pauseReading();
            }

            @Override
            public void resumeReading() {
                channel.resumeReading();
            }

            @Override
            public void close() {
                channel.close();
            }
        }, BLOCK);
    }

    @Override
    public void onData(TlsChannel channel, ByteBuffer data) {
        conversation(channel).received(data);
    }

    @Override
    public void onWritable(TlsChannel channel) {
        conversation(channel).writable();
    }
}

package dev.niotls.samples;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.reactor.CloseReason;
import dev.niotls.tls.reactor.TlsChannel;
import dev.niotls.tls.reactor.TlsHandler;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The sending side of a stream (stream-server, or stream-client --upload): sends the plan's bytes,
 * then closes with close_notify. It succeeded when the close was clean: the peer got every byte and
 * our close_notify.
 */
final class StreamSendHandler implements TlsHandler {
    private final StreamPlan plan;
    private final Consumer<StreamOutcome> outcomes;
    private StreamSender sender;

    StreamSendHandler(StreamPlan plan, Consumer<StreamOutcome> outcomes) {
        this.plan = plan;
        this.outcomes = outcomes;
    }

    @Override
    public void onHandshake(TlsChannel channel) {
        sender = new StreamSender(channel, plan, channel::close); // close(): queued data, then close_notify
        sender.start();
    }

    @Override
    public void onData(TlsChannel channel, ByteBuffer data) {
        data.position(data.limit()); // the receiver has nothing to say; what it types is ignored
    }

    @Override
    public void onWritable(TlsChannel channel) {
        sender.pump();
    }

    @Override
    public void onPeerClosed(TlsChannel channel) {
        // The peer closed its direction: keep sending ours (a TLS half-close); close when all is queued.
        if (sender == null || sender.isDone()) {
            channel.close();
        }
    }

    @Override
    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
        long bytes = sender == null ? 0 : sender.queued();
        boolean ok = reason == CloseReason.CLEAN && sender != null && sender.isDone();
        long nanos = sender == null ? 0 : System.nanoTime() - sender.startNanos();
        TlsConnection tls = channel.connection();
        outcomes.accept(new StreamOutcome(ok, bytes, nanos, ok ? "sent " + plan.bytes + " bytes, closed cleanly"
                : StreamOutcome.failure(reason, cause), tls == null ? 0 : tls.renegotiations(),
                tls == null ? 0 : tls.keyUpdatesSent() + tls.keyUpdatesReceived()));
    }
}

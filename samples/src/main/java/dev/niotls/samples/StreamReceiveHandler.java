package dev.niotls.samples;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.reactor.CloseReason;
import dev.niotls.tls.reactor.TlsChannel;
import dev.niotls.tls.reactor.TlsHandler;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The receiving side of a stream (stream-client, or stream-server for --upload clients): verifies
 * every byte against the seeded stream, and at the peer's close_notify checks the length and the
 * SHA-256.
 */
final class StreamReceiveHandler implements TlsHandler {
    private final StreamPlan plan;
    private final Consumer<StreamOutcome> outcomes;
    private final StreamVerifier verifier;
    private long startNanos;
    private String verdict = "the peer closed before sending close_notify";
    private boolean verified;

    StreamReceiveHandler(StreamPlan plan, Consumer<StreamOutcome> outcomes) {
        this.plan = plan;
        this.outcomes = outcomes;
        this.verifier = new StreamVerifier(plan.seed);
    }

    @Override
    public void onHandshake(TlsChannel channel) {
        startNanos = System.nanoTime();
    }

    @Override
    public void onData(TlsChannel channel, ByteBuffer data) {
        if (!verifier.accept(data)) {
            verdict = verifier.mismatch();
            channel.close();
        }
    }

    @Override
    public void onPeerClosed(TlsChannel channel) {
        String problem = verifier.verdict(plan.bytes);
        verified = problem == null;
        verdict = verified ? "received " + plan.bytes + " bytes, SHA-256 verified" : problem;
        channel.close();
    }

    @Override
    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
        boolean ok = verified && reason == CloseReason.CLEAN;
        long nanos = startNanos == 0 ? 0 : System.nanoTime() - startNanos;
        TlsConnection tls = channel.connection();
        String detail = verified && !ok ? verdict + ", but " + StreamOutcome.failure(reason, cause)
                : ok ? verdict : verdict + "; " + StreamOutcome.failure(reason, cause);
        outcomes.accept(new StreamOutcome(ok, verifier.received(), nanos, detail,
                tls == null ? 0 : tls.renegotiations(), tls == null ? 0 : tls.keyUpdatesSent() + tls.keyUpdatesReceived()));
    }
}

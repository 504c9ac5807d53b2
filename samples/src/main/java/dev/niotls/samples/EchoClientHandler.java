package dev.niotls.samples;

import dev.niotls.tls.reactor.CloseReason;
import dev.niotls.tls.reactor.TlsChannel;
import dev.niotls.tls.reactor.TlsHandler;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One connection of {@code echo-client}: sends a message of the seeded stream, waits for its echo
 * and checks every byte, then the next; closes with close_notify after the last. Completes with null
 * on success, or with what went wrong.
 */
final class EchoClientHandler implements TlsHandler {
    private final long seed;
    private final int messages;
    private final int size;
    private final CompletableFuture<String> result;
    private final StreamVerifier verifier;
    private long sent;
    private int messagesSent;
    private boolean allEchoed;
    private String protocol = "";

    EchoClientHandler(long seed, int messages, int size, CompletableFuture<String> result) {
        this.seed = seed;
        this.messages = messages;
        this.size = size;
        this.result = result;
        this.verifier = new StreamVerifier(seed);
    }

    @Override
    public void onHandshake(TlsChannel channel) {
        protocol = channel.connection().protocol() + " " + channel.connection().cipherSuite();
        sendNext(channel);
    }

    private void sendNext(TlsChannel channel) {
        ByteBuffer message = ByteBuffer.allocate(size);
        SeededBytes.fill(seed, sent, message);
        channel.send(message.flip()); // one message in flight: the queue never grows beyond it
        sent += size;
        messagesSent++;
    }

    @Override
    public void onData(TlsChannel channel, ByteBuffer data) {
        if (!verifier.accept(data)) {
            channel.close();
            return;
        }
        if (verifier.received() == sent) {
            if (messagesSent == messages) {
                allEchoed = true;
                channel.close();
            } else {
                sendNext(channel);
            }
        }
    }

    @Override
    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
        if (verifier.mismatch() != null) {
            result.complete("echo differs: " + verifier.mismatch());
        } else if (!allEchoed) {
            result.complete("after " + verifier.received() + " of " + (long) messages * size + " bytes echoed: "
                    + StreamOutcome.failure(reason, cause));
        } else if (reason != CloseReason.CLEAN) {
            result.complete("all echoed, but the close was not clean: " + StreamOutcome.failure(reason, cause));
        } else {
            result.complete(null);
        }
    }

    String protocol() {
        return protocol;
    }
}

package dev.niotls.tls.reactor;

import dev.niotls.tls.testing.StreamVerifier;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The client of the test protocol: a 24-byte header (seed, upload length, download length), then
 * the upload stream of {@code seed}; meanwhile it verifies the download stream of
 * {@link StreamServer#downloadSeed}. Once both are done it closes (close_notify first).
 */
final class StreamClient implements TlsHandler {
    /** How a client's channel ended, and whether everything it received was right. */
    record Outcome(CloseReason reason, Throwable cause, long received, AssertionError verification) {
        boolean clean() {
            return reason == CloseReason.CLEAN && verification == null;
        }

        @Override
        public String toString() {
            return reason + (cause == null ? "" : " " + cause) + " received " + received
                    + (verification == null ? " verified" : " " + verification.getMessage());
        }
    }

    private final long seed;
    private final long upload;
    private final long download;
    private final StreamSender sender;
    private final StreamVerifier verifier;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    final CompletableFuture<TlsChannel> established = new CompletableFuture<>();
    /** Close once both streams are done (the default); otherwise stay open, idle. */
    boolean closeWhenDone = true;
    /** Close (close_notify) as soon as the upload is queued, and receive the download after it. */
    boolean closeAfterUpload;
    /** Stop reading at the handshake (a peer that does not read); the test resumes it. */
    boolean pauseAtHandshake;

    StreamClient(long seed, long upload, long download) {
        this.seed = seed;
        this.upload = upload;
        this.download = download;
        this.sender = new StreamSender(seed, upload);
        this.verifier = new StreamVerifier(StreamServer.downloadSeed(seed));
    }

    /** The upload stream, to add actions at offsets before connecting. */
    StreamSender sender() {
        return sender;
    }

    @Override
    public void onHandshake(TlsChannel channel) {
        channel.send(ByteBuffer.allocate(24).putLong(seed).putLong(upload).putLong(download).flip());
        if (pauseAtHandshake) {
            channel.pauseReading();
        }
        established.complete(channel);
        sendMore(channel);
    }

    @Override
    public void onWritable(TlsChannel channel) {
        sendMore(channel);
    }

    @Override
    public void onData(TlsChannel channel, ByteBuffer data) {
        verifier.accept(data);
        finishIfDone(channel);
    }

    private void sendMore(TlsChannel channel) {
        if (sender.pump(channel)) {
            if (closeAfterUpload) {
                channel.close();
            }
            finishIfDone(channel);
        }
    }

    private void finishIfDone(TlsChannel channel) {
        if (closeWhenDone && sender.done() && verifier.received() >= download) {
            channel.close();
        }
    }

    /** Bytes of the download verified so far (read it on the channel's loop, or after the close). */
    long received() {
        return verifier.received();
    }

    @Override
    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
        AssertionError verification = null;
        try {
            verifier.assertComplete(download);
        } catch (AssertionError failure) {
            verification = failure;
        }
        outcome.complete(new Outcome(reason, cause, verifier.received(), verification));
        established.completeExceptionally(new IllegalStateException("closed: " + reason, cause));
    }
}

package dev.niotls.tls.reactor;

import dev.niotls.tls.testing.StreamVerifier;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The server of the test protocol (see {@link StreamClient}): reads the header, verifies the upload,
 * sends the download stream of {@link #downloadSeed}. When the client's close_notify comes it checks
 * the upload was complete and answers with its own. One per connection; they report to a shared
 * {@link Record}.
 */
final class StreamServer implements TlsHandler {
    /** What all the connections of one server did. Thread-safe. */
    static final class Record {
        final AtomicInteger verified = new AtomicInteger();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        final Queue<TlsChannel> channels = new ConcurrentLinkedQueue<>();
        private final Map<CloseReason, AtomicInteger> closes = new EnumMap<>(CloseReason.class);
        final Queue<Throwable> causes = new ConcurrentLinkedQueue<>();

        Record() {
            for (CloseReason reason : CloseReason.values()) {
                closes.put(reason, new AtomicInteger());
            }
        }

        int closed(CloseReason reason) {
            return closes.get(reason).get();
        }

        int closedTotal() {
            return closes.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("verified=" + verified + " closes=" + closes + " failures=" + failures);
            for (Throwable cause : causes) {
                text.append("\n cause: ").append(cause);
                for (Throwable inner = cause.getCause(); inner != null; inner = inner.getCause()) {
                    text.append("\n  caused by: ").append(inner);
                    StackTraceElement[] trace = inner.getStackTrace();
                    for (int line = 0; line < Math.min(12, trace.length); line++) {
                        text.append("\n    at ").append(trace[line]);
                    }
                }
            }
            return text.toString();
        }
    }

    private final Record record;
    private final Consumer<StreamSender> downloadActions;
    private final ByteBuffer header = ByteBuffer.allocate(24);
    private StreamVerifier verifier;
    private long upload;
    private StreamSender sender;
    private boolean closeWhenSent;

    StreamServer(Record record, Consumer<StreamSender> downloadActions) {
        this.record = record;
        this.downloadActions = downloadActions;
    }

    StreamServer(Record record) {
        this(record, sender -> { });
    }

    static long downloadSeed(long seed) {
        return seed ^ 0x5DEECE66DL;
    }

    @Override
    public void onHandshake(TlsChannel channel) {
        record.channels.add(channel);
    }

    @Override
    public void onData(TlsChannel channel, ByteBuffer data) {
        while (header.hasRemaining() && data.hasRemaining()) {
            header.put(data.get());
        }
        if (verifier == null && !header.hasRemaining()) {
            header.flip();
            long seed = header.getLong();
            upload = header.getLong();
            verifier = new StreamVerifier(seed);
            sender = new StreamSender(downloadSeed(seed), header.getLong());
            downloadActions.accept(sender);
            sender.pump(channel);
        }
        if (verifier != null) {
            verifier.accept(data);
        }
    }

    @Override
    public void onWritable(TlsChannel channel) {
        if (sender != null && sender.pump(channel) && closeWhenSent) {
            channel.close();
        }
    }

    /**
     * The client's close_notify: its upload must be complete. The download may still be going (the
     * client half-closed): then it goes on, and close_notify follows it (W11).
     */
    @Override
    public void onPeerClosed(TlsChannel channel) {
        try {
            if (verifier == null) {
                throw new AssertionError("no header before close_notify");
            }
            verifier.assertComplete(upload);
            record.verified.incrementAndGet();
        } catch (AssertionError failure) {
            record.failures.add(failure.getMessage());
        }
        if (sender == null || sender.done()) {
            channel.close();
        } else {
            closeWhenSent = true;
        }
    }

    @Override
    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
        record.closes.get(reason).incrementAndGet();
        if (cause != null) {
            record.causes.add(cause);
        }
    }
}

package dev.niotls.samples;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.samples.Command.Flag;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.reactor.TlsClient;
import dev.niotls.tls.reactor.TlsHandler;
import java.util.concurrent.CompletableFuture;

/** {@code stream-client}: receives a seeded stream and verifies it, or with {@code --upload} sends one. */
final class StreamClientCommand {
    private StreamClientCommand() {
    }

    /** Runs one transfer and returns how it ended (the channel's timeouts bound it). */
    static StreamOutcome transfer(Options options) throws Exception {
        try (EventLoopGroup group = Clients.group(options)) {
            return start(options, group).get();
        }
    }

    /** Starts one transfer on {@code group}; the future completes when its connection closed. */
    static CompletableFuture<StreamOutcome> start(Options options, EventLoopGroup group) throws UsageException {
        TlsContext context = Contexts.client(options);
        StreamPlan plan = StreamPlan.of(options);
        CompletableFuture<StreamOutcome> outcome = new CompletableFuture<>();
        TlsHandler handler = options.has(Flag.UPLOAD) ? new StreamSendHandler(plan, outcome::complete)
                : new StreamReceiveHandler(plan, outcome::complete);
        TlsClient.connect(group, Clients.address(options), context, options.serverName(), Clients.options(), handler);
        return outcome;
    }

    static int run(Options options) throws Exception {
        StreamOutcome outcome = transfer(options);
        System.out.println(Clients.hint("stream-client: " + (options.has(Flag.UPLOAD) ? "upload " : "download ") + outcome));
        return outcome.ok ? 0 : 1;
    }
}

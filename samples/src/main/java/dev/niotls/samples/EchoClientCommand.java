package dev.niotls.samples;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.samples.Command.Flag;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.reactor.TlsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code echo-client}: {@code --connections} connections, each sending {@code --messages} verified messages. */
final class EchoClientCommand {
    private EchoClientCommand() {
    }

    /** Runs the clients; returns the failures (empty when every byte came back right). */
    static List<String> exchange(Options options) throws Exception {
        TlsContext context = Contexts.client(options);
        int connections = options.positive(Flag.CONNECTIONS, 1);
        int messages = options.positive(Flag.MESSAGES, 100);
        int size = (int) Math.min(Integer.MAX_VALUE, options.bytes(Flag.SIZE, 1024));
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        String protocol = "";
        try (EventLoopGroup group = Clients.group(options)) {
            List<CompletableFuture<String>> results = new ArrayList<>();
            List<EchoClientHandler> handlers = new ArrayList<>();
            for (int index = 0; index < connections; index++) {
                CompletableFuture<String> result = new CompletableFuture<>();
                EchoClientHandler handler = new EchoClientHandler(options.seed() + index, messages, size, result);
                TlsClient.connect(group, Clients.address(options), context, options.serverName(), Clients.options(), handler);
                results.add(result);
                handlers.add(handler);
            }
            for (int index = 0; index < connections; index++) {
                String failure = results.get(index).get();
                if (failure != null) {
                    failures.add("connection " + index + ": " + failure);
                }
                protocol = handlers.get(index).protocol();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("echo-client: %d connections x %d messages x %d bytes, %s in %.2f s (%s)%n", connections,
                messages, size, failures.isEmpty() ? "every byte verified" : failures.size() + " connections FAILED",
                seconds, protocol);
        failures.forEach(failure -> System.out.println("  " + Clients.hint(failure)));
        return failures;
    }

    static int run(Options options) throws Exception {
        return exchange(options).isEmpty() ? 0 : 1;
    }
}

package dev.niotls.samples;

import dev.niotls.samples.Command.Flag;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/** {@code https-server}, {@code echo-server} and {@code stream-server}: a handler per connection on a {@link ReactorServer}. */
final class ServerCommands {
    private ServerCommands() {
    }

    static ReactorServer startHttps(Options options) throws UsageException, IOException {
        return start(options, HttpHandler::new, ServerWarmUp::getOnce);
    }

    static ReactorServer startEcho(Options options) throws UsageException, IOException {
        return start(options, EchoHandler::new, ServerWarmUp::echoOnce);
    }

    /** A stream server, and the outcome of each of its transfers (also printed). */
    static final class StreamServer implements AutoCloseable {
        final ReactorServer server;
        final BlockingQueue<StreamOutcome> outcomes = new LinkedBlockingQueue<>();

        StreamServer(Options options) throws UsageException, IOException {
            StreamPlan plan = StreamPlan.of(options);
            boolean upload = options.has(Flag.UPLOAD);
            server = new ReactorServer(options);
            try {
                server.listen(options.port(), () -> upload ? new StreamReceiveHandler(plan, this::record)
                        : new StreamSendHandler(plan, this::record));
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        }

        private void record(StreamOutcome outcome) {
            System.out.println("stream-server: " + outcome);
            outcomes.add(outcome);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** The server of {@code handlers}, after {@code --warm-up} if asked, where clients talk {@code warmUp} to it. */
    private static ReactorServer start(Options options, Supplier<? extends dev.niotls.tls.reactor.TlsHandler> handlers,
            ServerWarmUp.Conversation warmUp) throws UsageException, IOException {
        if (options.has(Flag.WARM_UP)) {
            ReactorServer.checkCanListen(options);
            ServerWarmUp.Result result = ServerWarmUp.run(options, handlers, warmUp, options.duration(Flag.WARM_UP, null));
            System.out.printf(Locale.ROOT, "%s: warm-up: %d connections through a twin server in %.1f s%n",
                    options.command().name, result.conversations(), result.elapsed().toMillis() / 1000.0);
        }
        ReactorServer server = new ReactorServer(options);
        try {
            server.listen(options.port(), handlers);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static int run(Options options) throws Exception {
        ReactorServer server;
        String what;
        switch (options.command()) {
            case HTTPS_SERVER:
                server = startHttps(options);
                what = "HTTPS \"Hello, World!\" server";
                break;
            case ECHO_SERVER:
                server = startEcho(options);
                what = "TLS echo server";
                break;
            default:
                server = new StreamServer(options).server;
                what = options.has(Flag.UPLOAD) ? "stream server (receives and verifies uploads)"
                        : "stream server (sends " + StreamPlan.of(options).bytes + " bytes of stream " + options.seed() + ")";
        }
        System.out.println(options.command().name + ": " + what + " on " + Servers.describe(server.address(0))
                + ", certificate " + server.identity().certificatePem);
        if (options.has(Flag.SESSION_TICKET_KEYS)) {
            System.out.println(options.command().name + ": TLS 1.2 session tickets with the keys of "
                    + options.path(Flag.SESSION_TICKET_KEYS) + " (checked every second; a bad file is logged and "
                    + "the keys in force stay)");
        }
        Servers.printTryLines(server.identity().certificatePem, server.address(0), options.command() == Command.HTTPS_SERVER);
        if (options.has(Flag.CERT)) {
            System.out.println("  --cert/--key" + (options.has(Flag.OCSP) ? "/--ocsp" : "") + " are reloaded when they change"
                    + " (checked every " + options.duration(Flag.RELOAD_CHECK, CertificateReloader.DEFAULT_CHECK).toSeconds()
                    + "s), or now for a line 'reload' on stdin");
            Servers.onStdinLine("reload", server::reloadNow);
        }
        Servers.serveUntilInterrupted(server);
        return 0;
    }
}

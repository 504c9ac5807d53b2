package dev.niotls.samples;

import dev.niotls.samples.Command.Flag;
import dev.niotls.tls.reactor.TlsHandler;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The command-less demo: the HTTPS server and the echo server on one event loop group, with a
 * generated certificate, and the exact lines to try them; {@code --self-test} runs the samples'
 * own clients against them instead of waiting for Ctrl-C.
 */
final class Demo {
    private Demo() {
    }

    static int run(Options options) throws Exception {
        ReactorServer server = new ReactorServer(options);
        try {
            listen(server, options, options.port(), HttpHandler::new);
            listen(server, options, options.port() == 0 ? 0 : options.port() + 1, EchoHandler::new);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        printBanner(server);
        if (options.has(Flag.SELF_TEST)) {
            try {
                return new SelfTest(server, options).run() ? 0 : 1;
            } finally {
                server.close();
            }
        }
        Servers.serveUntilInterrupted(server);
        return 0;
    }

    /** Listens on {@code port}; when the default port is taken (another demo runs), on any free port. */
    private static void listen(ReactorServer server, Options options, int port, Supplier<? extends TlsHandler> handlers)
            throws IOException {
        try {
            server.listen(port, handlers);
        } catch (IOException taken) {
            if (options.has(Flag.PORT)) {
                throw taken;
            }
            System.out.println("port " + port + " is taken; using a free one");
            server.listen(0, handlers);
        }
    }

    private static void printBanner(ReactorServer server) {
        System.out.println("niotls demo: HTTPS server on " + Servers.describe(server.address(0))
                + ", TLS echo server on " + Servers.describe(server.address(1)));
        System.out.println("certificate: " + server.identity().certificatePem);
        System.out.println("Try them:");
        Servers.printTryLines(server.identity().certificatePem, server.address(0), true);
        Servers.printTryLines(server.identity().certificatePem, server.address(1), false);
        System.out.println("Ctrl-C stops the servers (gracefully: close_notify to every client).");
    }
}

package dev.niotls.samples;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.samples.Command.Flag;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.reactor.CloseReason;
import dev.niotls.tls.reactor.TlsChannel;
import dev.niotls.tls.reactor.TlsClient;
import dev.niotls.tls.reactor.TlsHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code --self-test}: the demo's servers checked by the samples' own clients; prints one line per check. */
final class SelfTest {
    private final ReactorServer demo;
    private final Options options;
    private int failures;

    SelfTest(ReactorServer demo, Options options) {
        this.demo = demo;
        this.options = options;
    }

    /** Runs every check; true when all passed. */
    boolean run() throws Exception {
        check("HTTPS: two keep-alive requests on one connection, then Connection: close", this::https);
        check("echo: 4 connections x 50 messages x 4 KiB, every byte verified", this::echo);
        check("stream: 16 MiB download on TLS 1.2, the server renegotiating every 4 MiB",
                () -> stream("1.2", "--renegotiate-every", false));
        check("stream: 16 MiB upload on TLS 1.3, the client updating keys every 4 MiB",
                () -> stream("1.3", "--key-update-every", true));
        System.out.println(failures == 0 ? "self-test: all checks passed" : "self-test: " + failures + " checks FAILED");
        return failures == 0;
    }

    private interface Check {
        /** Null when it passed, else what went wrong. */
        String run() throws Exception;
    }

    private void check(String name, Check check) {
        String problem;
        try {
            problem = check.run();
        } catch (Exception e) {
            problem = e.toString();
        }
        System.out.println((problem == null ? "PASS " : "FAIL ") + name + (problem == null ? "" : ": " + problem));
        if (problem != null) {
            failures++;
        }
    }

    private List<String> common(String command, int port) {
        List<String> args = new ArrayList<>(List.of(command, "--port", Integer.toString(port), "--loops", "1"));
        if (options.has(Flag.TLS)) {
            args.addAll(List.of("--tls", tlsOf(options)));
        }
        return args;
    }

    private static String tlsOf(Options options) {
        String[] protocols = protocolsOf(options);
        return protocols.length == 2 ? "any" : protocols[0].substring(4);
    }

    private static String[] protocolsOf(Options options) {
        try {
            return options.protocols();
        } catch (UsageException e) {
            throw new IllegalStateException(e);
        }
    }

    private String https() throws Exception {
        TlsContext client = TlsContext.client().trustPem(demo.identity().certificatePem).serverName("localhost")
                .protocols(protocolsOf(options)).build();
        String requests = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /again HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        String response;
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            CompletableFuture<String> done = new CompletableFuture<>();
            TlsClient.connect(group, demo.address(0), client, "localhost", Clients.options(), new HttpGet(requests, done));
            response = done.get();
        }
        String one = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\n" + HttpHandler.BODY;
        String two = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\nConnection: close\r\n\r\n"
                + HttpHandler.BODY;
        return response.equals(one + two) ? null : "unexpected response: " + response;
    }

    private String echo() throws Exception {
        List<String> args = common("echo-client", demo.address(1).getPort());
        args.addAll(List.of("--cacert", demo.identity().certificatePem.toString(), "--server-name", "localhost",
                "--connections", "4", "--messages", "50", "--size", "4k"));
        List<String> failures = EchoClientCommand.exchange(Options.parse(args.toArray(new String[0])));
        return failures.isEmpty() ? null : String.join("; ", failures);
    }

    private String stream(String tls, String every, boolean upload) throws Exception {
        List<String> server = new ArrayList<>(List.of("stream-server", "--port", "0", "--tls", tls, "--bytes", "16m"));
        if (!upload) {
            server.addAll(List.of(every, "4m"));
        } else {
            server.add("--upload");
        }
        try (ServerCommands.StreamServer streams = new ServerCommands.StreamServer(Options.parse(server.toArray(new String[0])))) {
            List<String> client = new ArrayList<>(List.of("stream-client", "--port",
                    Integer.toString(streams.server.address(0).getPort()), "--tls", tls, "--bytes", "16m",
                    "--cacert", streams.server.identity().certificatePem.toString(), "--server-name", "localhost"));
            if (upload) {
                client.addAll(List.of("--upload", every, "4m"));
            }
            StreamOutcome outcome = StreamClientCommand.transfer(Options.parse(client.toArray(new String[0])));
            StreamOutcome serverSide = streams.outcomes.take();
            System.out.println("  client: " + outcome);
            if (!outcome.ok || !serverSide.ok) {
                return "client " + outcome + "; server " + serverSide;
            }
            int changes = upload ? outcome.keyUpdates : outcome.renegotiations;
            // A KeyUpdate takes effect at once: 16 MiB in steps of 4 MiB give 3. A renegotiation is started when the
            // bytes queued (not sent) cross 4, 8 and 12 MiB and needs a round trip while the download goes on (W10):
            // the queue runs megabytes ahead of the wire, so a start can find the previous one still running (one at
            // a time, StreamSender skips it) or the third can still be running at the last byte. Seen once in CI.
            int required = upload ? 3 : 2;
            return changes >= required ? null
                    : "expected at least " + required + " " + (upload ? "key updates" : "renegotiations") + ", saw " + changes;
        }
    }

    /** Sends HTTP requests, collects everything until the server closes. */
    private static final class HttpGet implements TlsHandler {
        private final String requests;
        private final CompletableFuture<String> done;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        HttpGet(String requests, CompletableFuture<String> done) {
            this.requests = requests;
            this.done = done;
        }

        @Override
        public void onHandshake(TlsChannel channel) {
            channel.send(ByteBuffer.wrap(requests.getBytes(StandardCharsets.US_ASCII)));
        }

        @Override
        public void onData(TlsChannel channel, ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.writeBytes(bytes);
        }

        @Override
        public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
            String text = received.toString(StandardCharsets.ISO_8859_1);
            done.complete(reason == CloseReason.CLEAN ? text : text + " [" + StreamOutcome.failure(reason, cause) + "]");
        }
    }
}

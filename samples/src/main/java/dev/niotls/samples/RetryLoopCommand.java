package dev.niotls.samples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code retry-loop}: runs {@link RetryLoop} as a TLS echo server, one thread per {@code --loops},
 * all sharing one listening socket (each loop's selector watches it; the loop whose accept() wins
 * serves the connection).
 */
final class RetryLoopCommand implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final List<RetryLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Contexts.ServerIdentity identity;

    RetryLoopCommand(Options options) throws UsageException, IOException {
        identity = Contexts.server(options);
        listener = Servers.bind(options.host(), options.port());
        for (int index = 0; index < options.loops(); index++) {
            RetryLoop loop = new RetryLoop(identity.context, listener);
            Thread thread = new Thread(loop, "retry-loop-" + index);
            loops.add(loop);
            threads.add(thread);
            thread.start();
        }
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    Contexts.ServerIdentity identity() {
        return identity;
    }

    static int run(Options options) throws Exception {
        RetryLoopCommand command = new RetryLoopCommand(options);
        System.out.println("retry-loop: TLS echo server on " + Servers.describe(command.address())
                + ", certificate " + command.identity.certificatePem);
        Servers.printTryLines(command.identity.certificatePem, command.address(), false);
        Servers.serveUntilInterrupted(command);
        return 0;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        loops.forEach(RetryLoop::stop);
        for (Thread thread : threads) {
            thread.join();
        }
        listener.close();
    }
}

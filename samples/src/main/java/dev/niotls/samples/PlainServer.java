package dev.niotls.samples;

import dev.niotls.reactor.ChannelHandler;
import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.reactor.ListenOptions;
import dev.niotls.reactor.Listener;
import dev.niotls.reactor.LoopConfig;
import dev.niotls.reactor.Registration;
import dev.niotls.samples.Command.Flag;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * {@code plain-server}: the same HTTP/1.1 as {@code https-server} ("Hello, World!", {@code GET /bytes/N},
 * keep-alive) or, with {@code --echo}, the same echo as {@code echo-server}, over plain TCP on the same
 * reactor ({@link EventLoopGroup}, one {@link ChannelHandler} per connection, no TLS). It is the ceiling
 * of the benchmarks: niotls over plain TCP on one loop, so "niotls / plain TCP" compares TLS with its
 * absence, not two event loops.
 */
final class PlainServer implements AutoCloseable {
    /** Bytes queued per connection before the sender waits (as TlsServerOptions' default sendQueueLimit). */
    static final int SEND_QUEUE_LIMIT = 256 * 1024;
    /** The direct block of every /bytes/N body: a socket write of a heap buffer would copy it first. */
    private static final ByteBuffer BLOCK = HttpConversation.newBlock(true);
    /** Each loop thread's read buffer (a connection keeps nothing between reads). */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(16 * 1024));

    private final EventLoopGroup group;
    private final Listener listener;

    PlainServer(String host, int port, int loops, boolean echo) throws IOException {
        group = new EventLoopGroup(LoopConfig.defaults().loops(loops).threadNamePrefix("niotls-plain-server-")
                .shutdownGrace(Duration.ofSeconds(5)));
        try {
            listener = group.listen(new InetSocketAddress(host, port), ListenOptions.defaults().backlog(4096),
                    (channel, loop) -> {
                        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        return new Connection(echo);
                    });
        } catch (IOException e) {
            group.close();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (try another --port, or --port 0 for any free one)", e);
        }
    }

    static PlainServer start(Options options) throws UsageException, IOException {
        return new PlainServer(options.host(), options.port(), options.loops(), options.has(Flag.ECHO));
    }

    InetSocketAddress address() {
        return listener.localAddress();
    }

    static int run(Options options) throws Exception {
        PlainServer server = start(options);
        InetSocketAddress address = server.address();
        System.out.println("plain-server: " + (options.has(Flag.ECHO) ? "echo" : "HTTP/1.1 \"Hello, World!\" and GET /bytes/N")
                + " over plain TCP (no TLS) on " + Servers.describe(address));
        if (!options.has(Flag.ECHO)) {
            System.out.println("  curl -o /dev/null http://" + Servers.hostFor(address) + ":" + address.getPort() + "/bytes/1073741824");
        }
        Servers.serveUntilInterrupted(server);
        return 0;
    }

    @Override
    public void close() {
        listener.close();
        group.close();
    }

    /**
     * One connection: reads into the loop's buffer, hands the bytes to the conversation (or echoes them), and
     * writes its queue with gathering writes, {@code OP_WRITE} only while bytes wait. A full queue pauses
     * reading; when it drains below the limit the conversation hears {@link HttpConversation#writable()}.
     */
    private static final class Connection implements ChannelHandler, HttpConversation.Transport {
        private final boolean echo;
        private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
        private final ByteBuffer[] gather = new ByteBuffer[16];
        private HttpConversation conversation;
        private Registration registration;
        private long queued;
        private boolean waitingForRoom;
        private boolean readingPaused;
        private boolean closeRequested;

        Connection(boolean echo) {
            this.echo = echo;
        }

        @Override
        public void registered(Registration registration) {
            this.registration = registration;
            this.conversation = echo ? null : new HttpConversation(this, BLOCK);
        }

        @Override
        public void ready(Registration registration, int readyOps) {
            try {
                if ((readyOps & SelectionKey.OP_READ) != 0 && !readingPaused && !closeRequested) {
                    read();
                }
                flush();
            } catch (IOException peerGone) {
                registration.close(); // a reset or a broken pipe: the peer left, nothing to log
            }
        }

        private void read() throws IOException {
            SocketChannel channel = (SocketChannel) registration.channel();
            ByteBuffer buffer = READ_BUFFER.get();
            for (int reads = 0; reads < 4 && !readingPaused && !closeRequested; reads++) {
                buffer.clear();
                int count = channel.read(buffer);
                if (count < 0) {
                    close(); // the peer is done: what is queued still goes out
                    return;
                }
                if (count == 0) {
                    return;
                }
                buffer.flip();
                if (echo) {
                    if (!send(ByteBuffer.allocate(count).put(buffer).flip())) {
                        pauseReading();
                    }
                } else {
                    conversation.received(buffer);
                }
            }
        }

        /** Writes the queue; when it is out, closes if asked, else lets a waiting sender go on (a loop, not recursion). */
        private void flush() throws IOException {
            while (true) {
                writeQueue();
                if (!queue.isEmpty()) {
                    registration.addInterest(SelectionKey.OP_WRITE);
                    return;
                }
                registration.removeInterest(SelectionKey.OP_WRITE);
                if (closeRequested) {
                    ((SocketChannel) registration.channel()).shutdownOutput(); // FIN after the last byte
                    registration.close();
                    return;
                }
                if (!waitingForRoom) {
                    return;
                }
                waitingForRoom = false;
                if (echo) {
                    resumeReading();
                    return;
                }
                conversation.writable(); // the next blocks of a body, or pipelined requests
            }
        }

        private void writeQueue() throws IOException {
            SocketChannel channel = (SocketChannel) registration.channel();
            while (!queue.isEmpty()) {
                int count = 0;
                for (ByteBuffer buffer : queue) {
                    gather[count++] = buffer;
                    if (count == gather.length) {
                        break;
                    }
                }
                long written = channel.write(gather, 0, count);
                queued -= written;
                while (!queue.isEmpty() && !queue.peek().hasRemaining()) {
                    queue.poll();
                }
                if (written == 0) {
                    break; // the socket's buffer is full: OP_WRITE says when it has room
                }
            }
            Arrays.fill(gather, null);
        }

        @Override
        public boolean send(ByteBuffer data) {
            if (closeRequested) {
                return false;
            }
            queue.add(data);
            queued += data.remaining();
            if (queued >= SEND_QUEUE_LIMIT) {
                waitingForRoom = true;
                return false;
            }
            return true;
        }

        @Override
        public void pauseReading() {
            readingPaused = true;
            registration.removeInterest(SelectionKey.OP_READ);
        }

        @Override
        public void resumeReading() {
            if (readingPaused && !closeRequested) {
                readingPaused = false;
                registration.addInterest(SelectionKey.OP_READ);
            }
        }

        @Override
        public void close() {
            closeRequested = true;
            registration.serviceAgain(); // flush() closes once the queue is out
        }
    }
}

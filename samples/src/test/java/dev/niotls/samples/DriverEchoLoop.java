package dev.niotls.samples;

import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.loop.ChannelDriver;
import dev.niotls.tls.Link;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The echo server of {@link RetryLoop}, with the retry loop left to {@link ChannelDriver}: the same
 * selector, the same listener, the same echo (reads stop while echoed bytes wait to be written), so that
 * a test can run one scenario through both and compare what the peer gets.
 */
final class DriverEchoLoop implements Runnable {
    /** Echoed bytes queued before reading pauses: RetryLoop reads nothing while its one write is pending. */
    private static final int PAUSE_AT = 16 * 1024;

    private final TlsContext context;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final ArrayDeque<Echo> serveAgain = new ArrayDeque<>();
    private volatile boolean stopping;
    private volatile String failure;

    DriverEchoLoop(TlsContext context, ServerSocketChannel listener) throws IOException {
        this.context = context;
        this.listener = listener;
        this.selector = Selector.open();
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** The first connection failure (the call, the error, the reason), or null. */
    String failure() {
        return failure;
    }

    @Override
    public void run() {
        try (selector) {
            while (!stopping) {
                if (serveAgain.isEmpty()) {
                    selector.select();
                } else {
                    selector.selectNow();
                }
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        accept();
                    } else if (key.isValid()) {
                        ((Echo) key.attachment()).serve();
                    }
                }
                for (int queued = serveAgain.size(); queued > 0; queued--) {
                    serveAgain.poll().serve();
                }
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        } catch (IOException e) {
            failure = "selector: " + e;
        }
    }

    void stop() {
        stopping = true;
        selector.wakeup();
    }

    private void accept() throws IOException {
        SocketChannel channel = listener.accept();
        if (channel == null) {
            return;
        }
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        SocketBio bio = new SocketBio(channel);
        var tls = context.newConnection(bio);
        tls.setAcceptState();
        key.attach(new Echo(tls, key));
    }

    /** One client: the driver and the echoed bytes waiting to be written. */
    private final class Echo implements ChannelDriver.Endpoint {
        final ChannelDriver driver;
        final SelectionKey key;
        final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
        final ArrayDeque<ByteBuffer> echoes = new ArrayDeque<>();
        int queued;

        Echo(Link link, SelectionKey key) {
            this.driver = new ChannelDriver(link, this);
            this.key = key;
        }

        void serve() {
            boolean again = driver.serve();
            if (key.isValid()) {
                key.interestOps(driver.interestOps());
                if (again) {
                    serveAgain.add(this);
                }
            }
        }

        @Override
        public ByteBuffer pendingWrite() {
            ByteBuffer head = echoes.peek();
            while (head != null && !head.hasRemaining()) {
                echoes.poll();
                head = echoes.peek();
            }
            return head;
        }

        @Override
        public void written(int count) {
            queued -= count;
        }

        @Override
        public boolean writePassDone(boolean wrote) {
            if (queued == 0 && !driver.isReading() && !driver.isPeerClosed()) {
                driver.resumeReading();
                return true;
            }
            return false;
        }

        @Override
        public ByteBuffer readBuffer() {
            return readBuffer.clear();
        }

        @Override
        public void received(ByteBuffer data) {
            echoes.add(ByteBuffer.allocate(data.remaining()).put(data).flip());
            queued += echoes.peekLast().remaining();
            if (queued >= PAUSE_AT) {
                driver.pauseReading();
            }
        }

        @Override
        public void endOfStream() {
            driver.close(); // the peer's close_notify: answer with ours once the echoes are out
        }

        @Override
        public void closed() {
            close();
        }

        @Override
        public void failed(String call, TlsError error) {
            if (failure == null) {
                failure = call + ": " + error;
            }
            close();
        }

        private void close() {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing a socket that failed: nothing left to do
            }
        }
    }
}

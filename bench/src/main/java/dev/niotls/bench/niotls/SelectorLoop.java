package dev.niotls.bench.niotls;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.bio.SocketBio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One thread, one {@link Selector}, many {@link Session}s, each served by the project's
 * {@link dev.niotls.tls.loop.ChannelDriver} (the retry loop of SPEC section 7); used by the load generator.
 * Each turn: select (without sleeping when sessions hold buffered records or the duty has work due),
 * serve the ready keys, serve again the sessions with pending records, run the duty.
 */
public final class SelectorLoop {
    /** Work the loop runs every turn (the load generator's sender); returns nanoseconds until it is due again. */
    public interface Duty {
        long run(long nowNanos);
    }

    private final Selector selector;
    private final TlsContext context;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024 + 256);
    private final ArrayDeque<Session> again = new ArrayDeque<>();
    private final Consumer<SelectionKey> onSelected = this::selected;
    private int openSessions;

    /** @param context the TLS context of every session, or null for plain TCP */
    public SelectorLoop(TlsContext context) {
        this.context = context;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    void serveAgain(Session session) {
        again.add(session);
    }

    void sessionClosed() {
        openSessions--;
    }

    public int openSessions() {
        return openSessions;
    }

    /** Listens on {@code address}; every accepted socket becomes a server session of {@code handlers}' making. */
    public ServerSocketChannel listen(InetSocketAddress address, java.util.function.Supplier<SessionHandler> handlers)
            throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(address, 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT, (Runnable) () -> acceptAll(server, handlers));
        return server;
    }

    private void acceptAll(ServerSocketChannel server, java.util.function.Supplier<SessionHandler> handlers) {
        try {
            SocketChannel channel;
            while ((channel = server.accept()) != null) {
                adopt(channel, handlers.get(), false);
            }
        } catch (IOException e) {
            // EMFILE and friends: the next select turn tries again; the listener stays.
            System.err.println("accept: " + e);
        }
    }

    /** Starts a client session connecting to {@code address} (non-blocking connect, then the handshake). */
    public Session connect(InetSocketAddress address, SessionHandler handler) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        boolean connected = channel.connect(address);
        Session session = newSession(channel, handler, true);
        SelectionKey key = channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT);
        key.attach(connected ? session : (Runnable) () -> finishConnect(key, channel, session));
        session.register(key);
        openSessions++;
        return session;
    }

    private void finishConnect(SelectionKey key, SocketChannel channel, Session session) {
        try {
            if (channel.finishConnect()) {
                key.attach(session);
                session.serve();
            }
        } catch (IOException e) {
            session.abort("connect: " + e);
        }
    }

    private void adopt(SocketChannel channel, SessionHandler handler, boolean client) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Session session = newSession(channel, handler, client);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ, session);
        session.register(key);
        openSessions++;
        // Plain TCP has no ClientHello to wake the session: start it now (a TLS server just gets WANT_READ).
        session.serve();
    }

    private Session newSession(SocketChannel channel, SessionHandler handler, boolean client) {
        TlsConnection connection = null;
        if (context != null) {
            connection = context.newConnection(new SocketBio(channel));
            if (client) {
                connection.setConnectState();
            } else {
                connection.setAcceptState();
            }
        }
        return new Session(this, channel, connection, handler);
    }

    /**
     * Runs turns until {@code deadlineNanos} (System.nanoTime) or until {@code stop} says so.
     *
     * @param duty run every turn, or null
     */
    public void run(long deadlineNanos, java.util.function.BooleanSupplier stop, Duty duty) throws IOException {
        long dueIn = 0;
        while (!stop.getAsBoolean()) {
            long now = System.nanoTime();
            if (now >= deadlineNanos) {
                return;
            }
            long sleepNanos = Math.min(deadlineNanos - now, duty == null ? Long.MAX_VALUE : Math.max(dueIn, 0));
            if (!again.isEmpty() || sleepNanos < 1_000_000) {
                // select() sleeps in whole milliseconds: a sender due sooner spins instead of sending late.
                selector.selectNow(onSelected);
            } else {
                selector.select(onSelected, Math.max(1, Math.min(sleepNanos / 1_000_000, 1000)));
            }
            serveAgain();
            if (duty != null) {
                dueIn = duty.run(System.nanoTime());
            }
        }
    }

    private void serveAgain() {
        for (int n = again.size(); n > 0; n--) {
            again.poll().serve();
        }
    }

    private void selected(SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment instanceof Session) {
            ((Session) attachment).serve();
        } else {
            ((Runnable) attachment).run();
        }
    }

    /** Closes every socket and the selector. */
    public void close() throws IOException {
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}

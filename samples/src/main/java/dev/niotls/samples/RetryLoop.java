package dev.niotls.samples;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.SocketBio;
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
 * The reference retry loop: a TLS echo server on one {@link Selector}, {@link TlsConnection} and
 * {@link SocketBio}, and nothing else (no reactor). It is the loop of SPEC section 7, the one an
 * OpenSSL program writes around {@code SSL_read}/{@code SSL_write}/{@code SSL_get_error} and
 * {@code select()}. Copy it.
 *
 * <p>The four rules it shows:
 * <ol>
 *   <li>One pending write per connection: a write that returns WANT_READ or WANT_WRITE is retried
 *       later with the <b>identical {@code ByteBuffer} object</b> (OpenSSL's "same buffer" rule, W3/W4).</li>
 *   <li>WANT_READ means "wait for OP_READ", WANT_WRITE "wait for OP_WRITE", whichever call returned it
 *       (a write can need a read during a renegotiation, a read can need a write for a reply).</li>
 *   <li>Reads are drained until WANT_READ: readiness is level-triggered, but decrypted records are
 *       held inside the connection where select() cannot see them.</li>
 *   <li>A connection that still {@code hasPending()} is served again before the loop blocks.</li>
 * </ol>
 */
public final class RetryLoop implements Runnable {
    /** Reads served per connection per turn, so one busy peer cannot starve the others. */
    private static final int READS_PER_TURN = 16;

    private final TlsContext context;            // the SSL_CTX: one for every connection
    private final ServerSocketChannel listener;  // may be shared by several loops (each accepts)
    private final Selector selector;
    private final ArrayDeque<Peer> serveAgain = new ArrayDeque<>(); // have buffered bytes select() cannot see
    private volatile boolean stopping;

    /** One client: its TLS state, its one buffer, and the write that waits for a retry. */
    private static final class Peer {
        final TlsConnection tls;
        final SelectionKey key;
        final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024); // read into it, echo from it
        ByteBuffer pendingWrite;   // non-null: a write got WANT_*; retry with THIS object, nothing else
        boolean closing;           // our close_notify is queued; finish sending it, then close

        Peer(TlsConnection tls, SelectionKey key) {
            this.tls = tls;
            this.key = key;
        }
    }

    public RetryLoop(TlsContext context, ServerSocketChannel listener) throws IOException {
        this.context = context;
        this.listener = listener;
        this.selector = Selector.open();
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Runs until {@link #stop()}; then closes every connection and the selector. */
    @Override
    public void run() {
        try (selector) {
            while (!stopping) {
                // Rule 4: never sleep while a connection holds bytes that select() cannot see.
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
                        serve((Peer) key.attachment());
                    }
                }
                // Rule 4: peers that stopped with bytes still buffered, each served once per turn
                // (one that still has more queues itself again, and the next select() does not block).
                for (int queued = serveAgain.size(); queued > 0; queued--) {
                    serve(serveAgain.poll());
                }
            }
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Peer) {
                    Peer peer = (Peer) key.attachment();
                    peer.tls.shutdown(); // best effort close_notify; a socket that cannot take it is closed anyway
                    close(peer);
                }
            }
        } catch (IOException e) {
            System.err.println("retry-loop: selector failed: " + e);
        }
    }

    /** Makes {@link #run()} return (from any thread). */
    public void stop() {
        stopping = true;
        selector.wakeup();
    }

    private void accept() throws IOException {
        SocketChannel channel = listener.accept();
        if (channel == null) {
            return; // another loop sharing the listener won the race for this connection
        }
        channel.configureBlocking(false);                                    // a non-blocking SocketBio
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);          // echo small records at once
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ); // the ClientHello comes first
        TlsConnection tls = context.newConnection(new SocketBio(channel));   // SSL_new + SSL_set_bio
        tls.setAcceptState();                                                // SSL_set_accept_state
        key.attach(new Peer(tls, key));
        // No doHandshake(): the first read() drives the handshake (as SSL_read does).
    }

    /** Serves one peer: finish its pending write, then echo what it sent until WANT_READ. */
    private void serve(Peer peer) {
        if (!peer.key.isValid()) {
            return; // closed earlier in this turn
        }
        if (peer.closing) {
            finishClose(peer);
            return;
        }
        // Rule 1: the pending write first, with the identical ByteBuffer object that got WANT_*.
        if (peer.pendingWrite != null && !flush(peer)) {
            return; // still blocked: interest was set by flush()
        }
        for (int reads = 0; reads < READS_PER_TURN; reads++) {
            peer.buffer.clear();
            int read = peer.tls.read(peer.buffer);                      // SSL_read
            if (read <= 0) {
                afterFailedRead(peer, read);                            // WANT_*, close_notify or error
                return;
            }
            peer.buffer.flip();
            peer.pendingWrite = peer.buffer;  // from now on this exact object is what we must resubmit
            if (!flush(peer)) {
                return;   // rule 1: no further read until this write is done (a peer that does
            }             // not read its echo is not read either: TCP flow control slows it down)
        }
        // Rule 3 and 4: out of turns but bytes may be buffered inside the connection: come back
        // before select() blocks, since select() cannot see them.
        if (peer.tls.hasPending()) {                                    // SSL_has_pending
            serveAgain.add(peer);
        }
        // Otherwise the socket itself may hold more: OP_READ stays set, select() will say so.
        peer.key.interestOps(SelectionKey.OP_READ);
    }

    /** Writes (or rewrites) the pending buffer. True when it is all written, false when we must wait. */
    private boolean flush(Peer peer) {
        int written = peer.tls.write(peer.pendingWrite);               // SSL_write, same object on retry
        if (written > 0) {                 // W7: all of it (no ENABLE_PARTIAL_WRITE in this context)
            peer.pendingWrite = null;
            return true;
        }
        TlsError error = peer.tls.getError(written);                   // SSL_get_error
        if (error == TlsError.WANT_WRITE) {
            peer.key.interestOps(SelectionKey.OP_WRITE);  // rule 2: the socket buffer is full
        } else if (error == TlsError.WANT_READ) {
            peer.key.interestOps(SelectionKey.OP_READ);   // rule 2: a renegotiation needs the peer's bytes
        } else {
            report(peer, "write", error);
            close(peer);                                  // SSL or SYSCALL: the connection is dead
        }
        return false;          // pendingWrite stays: position and limit untouched (W3)
    }

    private void afterFailedRead(Peer peer, int read) {
        TlsError error = peer.tls.getError(read);
        switch (error) {
            case WANT_READ:                               // drained: sleep until the socket has bytes
                peer.key.interestOps(SelectionKey.OP_READ);
                break;
            case WANT_WRITE:                              // a handshake reply could not be flushed
                peer.key.interestOps(SelectionKey.OP_WRITE);
                break;
            case ZERO_RETURN:                             // the peer's close_notify: answer with ours
                peer.closing = true;
                finishClose(peer);
                break;
            default:                                      // SSL (alert, bad input) or SYSCALL (reset)
                report(peer, "read", error);
                close(peer);
        }
    }

    /** Sends our close_notify (SSL_shutdown), retrying on WANT_WRITE, then closes the socket. */
    private void finishClose(Peer peer) {
        int result = peer.tls.shutdown();
        if (result < 0 && peer.tls.getError(result) == TlsError.WANT_WRITE) {
            peer.key.interestOps(SelectionKey.OP_WRITE);  // S1: call shutdown() again when writable
            return;
        }
        close(peer); // 0 or 1: our close_notify is out; the peer's already came, nothing more to read
    }

    private static void report(Peer peer, String call, TlsError error) {
        System.err.println("retry-loop: " + peer.tls + ": " + call + " failed: " + error + " "
                + peer.tls.lastReason() + (peer.tls.lastException() == null ? "" : " (" + peer.tls.lastException() + ")"));
    }

    private static void close(Peer peer) {
        peer.key.cancel();
        try {
            peer.tls.bio().close(); // closes the SocketChannel
        } catch (IOException ignored) {
            // closing a socket that failed: nothing left to do
        }
    }
}

package dev.niotls.bench.niotls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One connection on a {@link SelectorLoop}, driven exactly as SPEC section 7 says: at most one pending
 * write, the <em>identical</em> {@code ByteBuffer} that got WANT_READ/WANT_WRITE retried until it
 * completes before the next queued buffer goes; {@code OP_WRITE} interest only while a write waits for the
 * socket; reads drained until WANT_READ; and a session whose wire still {@code hasPending()} is served
 * again before the loop sleeps, because records already buffered are invisible to {@code select()}.
 *
 * <pre>
 * HANDSHAKING --handshake() == 1--> OPEN --close()/peer close/error--> CLOSING --close_notify out--> CLOSED
 * </pre>
 */
public final class Session {
    /** The life of a session; see the class Javadoc. */
    enum State { HANDSHAKING, OPEN, CLOSING, CLOSED }

    private final SelectorLoop loop;
    private final SocketChannel channel;
    private final Wire wire;
    private final SessionHandler handler;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(4);
    private SelectionKey key;
    private State state = State.HANDSHAKING;
    /** The buffer whose write returned WANT_*; retried as the same object (SPEC W3, W4). */
    private ByteBuffer pendingWrite;
    private boolean flushing;
    private boolean closeWhenFlushed;
    private Object attachment;

    Session(SelectorLoop loop, SocketChannel channel, Wire wire, SessionHandler handler) {
        this.loop = loop;
        this.channel = channel;
        this.wire = wire;
        this.handler = handler;
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    /** Whatever the service wants to keep per session. */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** The negotiated protocol and cipher suite. */
    public String describe() {
        return wire.describe();
    }

    /** Queues {@code buffer} (which must not change until it is written) and writes what the socket takes. */
    public void send(ByteBuffer buffer) {
        if (state != State.OPEN) {
            return;
        }
        queue.add(buffer);
        if (!flushing && pendingWrite == null) {
            flush();
        }
    }

    /** Bytes queued and not yet handed to the socket, besides the pending write. */
    public int queuedBuffers() {
        return queue.size() + (pendingWrite == null ? 0 : 1);
    }

    /** Sends close_notify once everything queued is out, then closes the socket. */
    public void closeWhenFlushed() {
        closeWhenFlushed = true;
        if (!flushing && pendingWrite == null && queue.isEmpty()) {
            beginClose(null);
        }
    }

    /** Called by the loop when the key is ready, or to serve buffered records again. */
    void serve() {
        if (state == State.HANDSHAKING) {
            handshake();
        }
        if (state == State.CLOSING) {
            finishClose(null);
            return;
        }
        if (state == State.OPEN) {
            flush();
        }
        if (state == State.OPEN) {
            readAll();
        }
    }

    private void handshake() {
        int ret = wire.handshake();
        if (ret == 1) {
            state = State.OPEN;
            interest(SelectionKey.OP_READ);
            handler.opened(this);
        } else if (ret == Wire.WANT_READ) {
            interest(SelectionKey.OP_READ);
        } else if (ret == Wire.WANT_WRITE) {
            interest(SelectionKey.OP_WRITE);
        } else {
            abort("handshake: " + wire.failure());
        }
    }

    /** Writes the pending buffer, then the queue, until the wire would block or all is out. */
    private void flush() {
        flushing = true;
        try {
            while (state == State.OPEN) {
                ByteBuffer next = pendingWrite != null ? pendingWrite : queue.poll();
                if (next == null) {
                    interest(SelectionKey.OP_READ);
                    if (!closeWhenFlushed) {
                        handler.drained(this);
                    }
                    if (!queue.isEmpty()) {
                        continue;
                    }
                    if (closeWhenFlushed) {
                        beginClose(null);
                    }
                    return;
                }
                int ret = wire.write(next);
                if (ret > 0 || (ret == 0 && !next.hasRemaining())) {
                    pendingWrite = null;
                } else if (ret == Wire.WANT_WRITE) {
                    pendingWrite = next; // the identical object goes again on OP_WRITE (SPEC section 7)
                    interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                } else if (ret == Wire.WANT_READ) {
                    pendingWrite = next; // a handshake message must come first (W2, W10)
                    interest(SelectionKey.OP_READ);
                    return;
                } else {
                    abort("write: " + wire.failure());
                    return;
                }
            }
        } finally {
            flushing = false;
        }
    }

    private void readAll() {
        ByteBuffer buffer = loop.readBuffer();
        while (state == State.OPEN) {
            buffer.clear();
            int ret = wire.read(buffer);
            if (ret > 0) {
                buffer.flip();
                handler.received(this, buffer);
                continue;
            }
            if (ret == Wire.WANT_READ) {
                break;
            }
            if (ret == Wire.WANT_WRITE) {
                interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                break;
            }
            if (ret == Wire.CLOSED) {
                beginClose(null);
            } else {
                abort("read: " + wire.failure());
            }
            return;
        }
        if (state == State.OPEN && wire.hasPending()) {
            loop.serveAgain(this);
        }
    }

    /** Sends close_notify (best effort on WANT_WRITE: retried on OP_WRITE), then closes. */
    public void close() {
        if (state == State.HANDSHAKING) {
            abort(null);
        } else if (state == State.OPEN) {
            beginClose(null);
        }
    }

    private void beginClose(String reason) {
        state = State.CLOSING;
        finishClose(reason);
    }

    private void finishClose(String reason) {
        int ret = wire.shutdown();
        if (ret == Wire.WANT_WRITE) {
            interest(SelectionKey.OP_WRITE);
            return;
        }
        abort(reason);
    }

    /** Closes the socket now. */
    void abort(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket that failed: nothing more to learn from a second error.
        }
        loop.sessionClosed();
        handler.closed(this, reason);
    }

    private void interest(int ops) {
        if (key != null && key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }
}

package dev.niotls.tls.reactor;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.ChunkingBio;
import dev.niotls.tls.testing.ForwardingBio;
import dev.niotls.tls.testing.SeededStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * Runs one {@link Churn} session at a time on the calling thread (a soak client thread), with blocking
 * sockets. {@link #run} returns normally when the session ended as it should; throws when it did not;
 * or parks the connection in {@link SoakParking} for the server to cut, which then reports it.
 */
final class ChurnSessions {
    private static final byte[] HTTP_REQUEST =
            "GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: soak\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int PIECE = 16 * 1024;

    private final InetSocketAddress server;
    private final TlsContext tls13;
    private final TlsContext tls12Full;
    private final TlsContext tls12Resuming;
    private final List<byte[]> clientHellos;
    private final SoakWatchdog watchdog;
    private final SoakParking parking;
    private final SoakSettings settings;
    private final Map<Churn, SoakTally> tallies;

    ChurnSessions(InetSocketAddress server, TlsContext tls13, TlsContext tls12Full, TlsContext tls12Resuming,
            List<byte[]> clientHellos, SoakWatchdog watchdog, SoakParking parking, SoakSettings settings) {
        this.server = server;
        this.tls13 = tls13;
        this.tls12Full = tls12Full;
        this.tls12Resuming = tls12Resuming;
        this.clientHellos = clientHellos;
        this.watchdog = watchdog;
        this.parking = parking;
        this.settings = settings;
        this.tallies = new EnumMap<>(Churn.class);
        for (Churn kind : Churn.values()) {
            tallies.put(kind, new SoakTally(kind.name()));
        }
    }

    Map<Churn, SoakTally> tallies() {
        return tallies;
    }

    /** Runs one session of {@code kind}, counting it in its tally. */
    void runCounted(Churn kind, SplittableRandom random) {
        SoakTally tally = tallies.get(kind);
        tally.started();
        try {
            if (run(kind, random)) {
                tally.ok();
            }
        } catch (IOException | RuntimeException | AssertionError failure) {
            tally.failed(String.valueOf(failure));
        }
    }

    /** @return true when the session is over; false when it was parked (the parking reports it) */
    private boolean run(Churn kind, SplittableRandom random) throws IOException {
        switch (kind) {
            case REQUESTS_TLS13:
                requests(tls13, random);
                return true;
            case REQUESTS_TLS12:
                requests(tls12Full, random);
                return true;
            case RESUMED_TLS12:
                requests(tls12Resuming, random);
                return true;
            case RENEGOTIATION_TLS12:
                rekeyedStream(tls12Full, random, false);
                return true;
            case KEY_UPDATE_TLS13:
                rekeyedStream(tls13, random, true);
                return true;
            case BYTE_AT_A_TIME:
                byteAtATime(random);
                return true;
            case RESET:
                reset(random);
                return true;
            case ABANDONED_AT_CONNECT:
                abandonAtConnect(random);
                return true;
            case ABANDONED_AFTER_HELLO:
                abandonAfterHello(random);
                return true;
            case STALLED_MID_HELLO:
                stall(random, true);
                return false;
            case STALLED_AFTER_HELLO:
                stall(random, false);
                return false;
            case GARBAGE:
                byte[] garbage = new byte[1024 + random.nextInt(3 * 1024)];
                random.nextBytes(garbage);
                sendAndExpectClose(garbage);
                return true;
            case PLAINTEXT_HTTP:
                sendAndExpectClose(HTTP_REQUEST);
                return true;
            case NEVER_READS:
                neverRead(random);
                return false;
            default:
                throw new AssertionError(kind);
        }
    }

    private BlockingTlsClient open(TlsContext context, SplittableRandom random) throws IOException {
        return BlockingTlsClient.connect(server, context, UnaryOperator.identity(), watchdog, random.nextLong());
    }

    private void requests(TlsContext context, SplittableRandom random) throws IOException {
        try (BlockingTlsClient client = open(context, random)) {
            client.handshake();
            for (int request = 1 + random.nextInt(4); request > 0; request--) {
                client.echo(1 + random.nextInt(32 * 1024));
            }
            client.closeCleanly();
        }
    }

    /** 8 pieces of 16 KiB, each echoed before the next; the renegotiation or KeyUpdates start between. */
    private void rekeyedStream(TlsContext context, SplittableRandom random, boolean keyUpdate) throws IOException {
        try (BlockingTlsClient client = open(context, random)) {
            client.handshake();
            TlsConnection tls = client.tls();
            for (int piece = 0; piece < 8; piece++) {
                client.send(PIECE);
                if (piece == 2 || (keyUpdate && piece == 5)) {
                    int started = keyUpdate ? tls.keyUpdate(true) : tls.renegotiate();
                    if (started != 1) {
                        throw client.failure(keyUpdate ? "keyUpdate" : "renegotiate", started);
                    }
                }
                client.awaitEcho(); // the first read after it sends the ClientHello or the KeyUpdate
            }
            if (keyUpdate ? tls.keyUpdatesSent() < 2 : tls.renegotiations() < 1) {
                throw new IOException("mid-stream rekeying did not complete: " + tls.renegotiations()
                        + " renegotiations, " + tls.keyUpdatesSent() + " KeyUpdates sent");
            }
            client.closeCleanly();
        }
    }

    private void byteAtATime(SplittableRandom random) throws IOException {
        long pauseNanos = random.nextBoolean() ? TimeUnit.MILLISECONDS.toNanos(1) : 0;
        TlsContext context = random.nextBoolean() ? tls13 : tls12Full;
        try (BlockingTlsClient client = BlockingTlsClient.connect(server, context,
                bio -> new OneByteBio(bio, pauseNanos), watchdog, random.nextLong())) {
            client.handshake();
            client.echo(100 + random.nextInt(400));
            client.closeCleanly();
        }
    }

    private void reset(SplittableRandom random) throws IOException {
        BlockingTlsClient client = open(random.nextBoolean() ? tls13 : tls12Full, random);
        try {
            client.handshake();
            client.echo(1 + random.nextInt(8 * 1024));
            client.send(1 + random.nextInt(8 * 1024)); // not waiting for its echo
        } finally {
            client.reset();
        }
    }

    private SocketChannel rawConnect() throws IOException {
        SocketChannel socket = SocketChannel.open();
        try {
            watchdog.watch(socket);
            socket.connect(server);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return socket;
        } catch (IOException failure) {
            closeRaw(socket);
            throw failure;
        }
    }

    private void closeRaw(SocketChannel socket) {
        watchdog.release(socket);
        SoakParking.closeQuietly(socket);
    }

    private void abandonAtConnect(SplittableRandom random) throws IOException {
        SocketChannel socket = rawConnect();
        if (random.nextBoolean()) {
            socket.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        closeRaw(socket);
    }

    private void abandonAfterHello(SplittableRandom random) throws IOException {
        SocketChannel socket = rawConnect();
        try {
            writeFully(socket, hello(random));
            if (random.nextBoolean()) {
                ByteBuffer answer = ByteBuffer.allocate(1024);
                if (socket.read(answer) <= 0) {
                    throw new IOException("no ServerHello for a whole ClientHello");
                }
            }
        } finally {
            closeRaw(socket);
        }
    }

    private byte[] hello(SplittableRandom random) {
        return clientHellos.get(random.nextInt(clientHellos.size()));
    }

    private static void writeFully(SocketChannel socket, byte[] bytes) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(bytes);
        while (data.hasRemaining()) {
            socket.write(data);
        }
    }

    /** Sends {@code bytes} and reads until the server closes (its alert, if any, is read and dropped). */
    private void sendAndExpectClose(byte[] bytes) throws IOException {
        SocketChannel socket = rawConnect();
        try {
            ByteBuffer scratch = ByteBuffer.allocate(4096);
            try {
                writeFully(socket, bytes);
                while (socket.read(scratch.clear()) >= 0) {
                    continue;
                }
            } catch (IOException closedByServer) {
                if (watchdog.expired(socket)) {
                    throw new IOException("the server neither answered nor closed; closed by the watchdog");
                }
                // A reset: the server closed with our bytes unread. As good as end of stream.
            }
        } finally {
            closeRaw(socket);
        }
    }

    private void stall(SplittableRandom random, boolean midHello) throws IOException {
        SocketChannel socket = rawConnect();
        byte[] hello = hello(random);
        try {
            writeFully(socket, midHello ? Arrays.copyOf(hello, hello.length / 2) : hello);
            socket.configureBlocking(false);
        } catch (IOException failure) {
            closeRaw(socket);
            throw failure;
        }
        watchdog.release(socket);
        long deadline = System.nanoTime() + settings.handshakeTimeout().toNanos() + TimeUnit.SECONDS.toNanos(30);
        parking.park(new StalledHandshake(socket, tallies.get(midHello ? Churn.STALLED_MID_HELLO
                : Churn.STALLED_AFTER_HELLO), deadline));
    }

    /**
     * Small socket buffers, then 16 KiB writes until the socket takes no more; parked, it offers the
     * same pending buffer again at each check (SPEC W3) until the write fails: the server reset it.
     */
    private void neverRead(SplittableRandom random) throws IOException {
        SocketChannel socket = SocketChannel.open();
        try {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
            socket.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
            watchdog.watch(socket);
            socket.connect(server);
            TlsConnection tls = (random.nextBoolean() ? tls13 : tls12Full).newConnection(
                    new SocketBio(socket));
            tls.setConnectState();
            int handshake = tls.doHandshake();
            if (handshake != 1) {
                throw new IOException("handshake: " + tls.getError(handshake) + " " + tls.lastReason());
            }
            socket.configureBlocking(false);
            watchdog.release(socket);
            NeverReading peer = new NeverReading(socket, tls, random.nextLong(), tallies.get(Churn.NEVER_READS),
                    System.nanoTime() + settings.idleTimeout().plus(settings.closeTimeout()).toNanos()
                            + TimeUnit.SECONDS.toNanos(40));
            if (peer.serverClosed()) {
                throw new IOException("the server closed before the sockets filled up");
            }
            parking.park(peer);
        } catch (IOException | RuntimeException failure) {
            closeRaw(socket);
            throw failure;
        }
    }

    /** A parked socket: what every parked peer shares (its socket, its tally, its deadline). */
    private abstract static class ParkedSocket implements SoakParking.Parked {
        final SocketChannel socket;
        private final SoakTally tally;
        private final long deadline;

        ParkedSocket(SocketChannel socket, SoakTally tally, long deadline) {
            this.socket = socket;
            this.tally = tally;
            this.deadline = deadline;
        }

        @Override
        public void close() {
            SoakParking.closeQuietly(socket);
        }

        @Override
        public SoakTally tally() {
            return tally;
        }

        @Override
        public long deadlineNanos() {
            return deadline;
        }
    }

    /** A handshake left unfinished: checked by a non-blocking read (the server's flight is drained). */
    private static final class StalledHandshake extends ParkedSocket {
        private final ByteBuffer scratch = ByteBuffer.allocate(4096);

        StalledHandshake(SocketChannel socket, SoakTally tally, long deadline) {
            super(socket, tally, deadline);
        }

        @Override
        public boolean serverClosed() {
            try {
                int count;
                do {
                    count = socket.read(scratch.clear());
                } while (count > 0);
                return count < 0;
            } catch (IOException reset) {
                return true;
            }
        }

        @Override
        public String describe() {
            return "a stalled handshake on " + socket;
        }
    }

    /** A peer that writes and never reads. */
    private static final class NeverReading extends ParkedSocket {
        private static final long MAX_BYTES = 256L << 20;

        private final TlsConnection tls;
        private final SeededStream stream;
        private ByteBuffer pending;
        private long written;

        NeverReading(SocketChannel socket, TlsConnection tls, long seed, SoakTally tally, long deadline) {
            super(socket, tally, deadline);
            this.tls = tls;
            this.stream = new SeededStream(seed);
        }

        /** Writes until the socket is full (WANT_WRITE: still open) or the write fails (cut). */
        @Override
        public boolean serverClosed() {
            for (;;) {
                if (pending == null) {
                    if (written > MAX_BYTES) {
                        throw new AssertionError("the server read " + written + " bytes from a peer that never reads");
                    }
                    pending = ByteBuffer.allocate(16 * 1024);
                    stream.fill(pending);
                    pending.flip();
                }
                int count = tls.write(pending); // the same buffer after WANT_WRITE (W3)
                if (count > 0) {
                    written += count;
                    pending = null;
                    continue;
                }
                return tls.getError(count) != TlsError.WANT_WRITE;
            }
        }

        @Override
        public String describe() {
            return "a peer that never reads, " + written + " bytes written, on " + socket;
        }
    }

    /** Moves one byte per call each way; after each byte written, pauses {@code pauseNanos}. */
    private static final class OneByteBio extends ForwardingBio {
        private final long pauseNanos;

        OneByteBio(Bio delegate, long pauseNanos) {
            super(ChunkingBio.oneByte(delegate));
            this.pauseNanos = pauseNanos;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            try {
                return delegate.write(src);
            } finally {
                if (pauseNanos > 0) {
                    LockSupport.parkNanos(pauseNanos);
                }
            }
        }
    }
}

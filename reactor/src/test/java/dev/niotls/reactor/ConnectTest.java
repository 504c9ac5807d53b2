package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectTest {

    @Test
    void connectedCallbackRunsOnTheOwningLoopAndItsHandlerServes() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            Listener listener = group.listen(HandlerFailureTest.loopback(), (channel, loop) -> new EchoHandler());
            CompletableFuture<EventLoop> connectedOn = new CompletableFuture<>();
            StreamClient stream = new StreamClient(11, 1, 64 * 1024);
            group.loop(1).connect(listener.localAddress(), Duration.ofSeconds(10), new ConnectCallback() {
                @Override
                public ChannelHandler connected(SocketChannel channel, EventLoop loop) {
                    connectedOn.complete(EventLoop.current() == loop ? loop : null);
                    return stream.connected(channel, loop);
                }

                @Override
                public void failed(IOException cause) {
                    stream.failed(cause);
                }
            });
            assertSame(group.loop(1), connectedOn.get(10, TimeUnit.SECONDS));
            StreamClient.Result result = stream.result().get(10, TimeUnit.SECONDS);
            assertEquals(1, result.loopIndex());
            assertEquals(result.sent(), result.received());
        }
    }

    @Test
    void refusedConnectReportsFailure() throws Exception {
        InetSocketAddress closedPort;
        try (ServerSocketChannel probe = ServerSocketChannel.open().bind(HandlerFailureTest.loopback())) {
            closedPort = (InetSocketAddress) probe.getLocalAddress();
        }
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            FailureCatcher catcher = new FailureCatcher();
            group.connect(closedPort, Duration.ofSeconds(10), catcher);
            assertInstanceOf(ConnectException.class, catcher.failure.get(10, TimeUnit.SECONDS));
            Await.until("connect channel closed", () -> group.loop(0).counters().channelsOpen() == 0);
        }
    }

    @Test
    void connectTimesOut() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1); FullBacklog silent = new FullBacklog()) {
            FailureCatcher catcher = new FailureCatcher();
            group.connect(silent.address(), Duration.ofMillis(100), catcher);
            assertInstanceOf(SocketTimeoutException.class, catcher.failure.get(10, TimeUnit.SECONDS));
            Await.until("connect channel closed", () -> group.loop(0).counters().channelsOpen() == 0);
            assertEquals(0, (int) Await.onLoop(group.loop(0), group.loop(0)::pendingTimers));
        }
    }

    @Test
    void pendingConnectFailsWhenTheLoopShutsDown() throws Exception {
        try (FullBacklog silent = new FullBacklog()) {
            EventLoopGroup group = new EventLoopGroup(1);
            FailureCatcher catcher = new FailureCatcher();
            group.connect(silent.address(), Duration.ofSeconds(60), catcher);
            Await.until("connect in flight", () -> group.loop(0).counters().channelsOpen() == 1);
            group.close();
            assertTrue(group.isTerminated());
            assertInstanceOf(AsynchronousCloseException.class, catcher.failure.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void connectAskedDuringShutdownFails() throws Exception {
        EventLoopGroup group = new EventLoopGroup(1);
        FailureCatcher catcher = new FailureCatcher();
        group.loop(0).execute(() -> {
            group.shutdownGracefully(Duration.ofSeconds(1));
            group.loop(0).connect(HandlerFailureTest.loopback(), Duration.ofSeconds(1), catcher);
        });
        assertTrue(group.awaitTermination(Duration.ofSeconds(10)));
        assertInstanceOf(AsynchronousCloseException.class, catcher.failure.get(10, TimeUnit.SECONDS));
    }

    private static final class FailureCatcher implements ConnectCallback {
        final CompletableFuture<IOException> failure = new CompletableFuture<>();

        @Override
        public ChannelHandler connected(SocketChannel channel, EventLoop loop) {
            failure.completeExceptionally(new AssertionError("connected to a port that should fail"));
            return new EchoHandler();
        }

        @Override
        public void failed(IOException cause) {
            failure.complete(cause);
        }
    }
}

package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListenTest {

    @Test
    void reusePortLetsTwoGroupsListenOnOnePort() throws Exception {
        AtomicInteger servedByFirst = new AtomicInteger();
        AtomicInteger servedBySecond = new AtomicInteger();
        ListenOptions shared = ListenOptions.defaults().reusePort(true);
        try (EventLoopGroup first = new EventLoopGroup(1); EventLoopGroup second = new EventLoopGroup(1)) {
            Listener one = first.listen(HandlerFailureTest.loopback(), shared, (channel, loop) -> {
                servedByFirst.incrementAndGet();
                return new EchoHandler();
            });
            Listener two = second.listen(one.localAddress(), shared, (channel, loop) -> {
                servedBySecond.incrementAndGet();
                return new EchoHandler();
            });
            assertEquals(one.localAddress(), two.localAddress());
            for (int seed = 0; seed < 8; seed++) {
                try (PlainClient client = new PlainClient(one.localAddress())) {
                    client.echoRoundTrip(seed);
                }
            }
            assertEquals(8, servedByFirst.get() + servedBySecond.get());
        }
    }

    @Test
    void withoutReusePortASecondBindFails() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            Listener one = group.listen(HandlerFailureTest.loopback(), (channel, loop) -> new EchoHandler());
            assertThrows(BindException.class, () -> group.listen(one.localAddress(), (channel, loop) -> new EchoHandler()));
            assertEquals(1, (long) Await.onLoop(group.loop(0), () -> group.loop(0).counters().channelsOpen()));
        }
    }

    @Test
    void closingAListenerStopsAcceptingAndKeepsItsConnections() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            Listener listener = group.listen(HandlerFailureTest.loopback(), (channel, loop) -> new EchoHandler());
            InetSocketAddress address = listener.localAddress();
            try (PlainClient client = new PlainClient(address)) {
                client.echoRoundTrip(1);
                listener.close();
                listener.close(); // idempotent
                assertFalse(listener.isOpen());
                Await.until("listener closed", () -> group.loop(0).counters().channelsOpen() == 1);
                assertThrows(ConnectException.class, () -> SocketChannel.open(address).close());
                client.echoRoundTrip(2);
                assertEquals(0, group.loop(0).counters().acceptFailures());
            }
        }
    }
}

package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandlerFailureTest {
    /** A connection whose first byte is this makes its handler throw. */
    private static final byte POISON = (byte) 0xEE;

    @Test
    void aThrowingHandlerClosesOnlyItsOwnChannel() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            Listener listener = group.listen(loopback(), (channel, owner) -> new PoisonableEcho());
            try (PlainClient first = new PlainClient(listener.localAddress());
                    PlainClient victim = new PlainClient(listener.localAddress());
                    PlainClient last = new PlainClient(listener.localAddress())) {
                first.echoRoundTrip(1);
                last.echoRoundTrip(2);
                victim.send(new byte[] {POISON, 1, 2, 3});
                assertTrue(victim.serverClosed());
                first.echoRoundTrip(3);
                last.echoRoundTrip(4);
                assertEquals(1, loop.counters().handlerFailures());
                assertEquals(3, loop.counters().channelsOpen()); // the listener and two connections
            }
        }
    }

    @Test
    void aThrowingFactoryRefusesOnlyThatConnection() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            int[] accepted = new int[1];
            Listener listener = group.listen(loopback(), (channel, owner) -> {
                if (++accepted[0] == 1) {
                    throw new IOException("factory failure injected by the test");
                }
                return new EchoHandler();
            });
            try (PlainClient refused = new PlainClient(listener.localAddress())) {
                assertTrue(refused.serverClosed());
            }
            try (PlainClient served = new PlainClient(listener.localAddress())) {
                served.echoRoundTrip(5);
            }
            assertEquals(1, group.loop(0).counters().handlerFailures());
        }
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static final class PoisonableEcho extends EchoHandler {
        private boolean first = true;

        @Override
        void onRead(ByteBuffer filled) {
            if (first && filled.position() > 0) {
                first = false;
                if (filled.get(0) == POISON) {
                    throw new IllegalStateException("handler failure injected by the test");
                }
            }
        }
    }
}

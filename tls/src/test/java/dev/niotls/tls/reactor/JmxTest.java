package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.reactor.LoopConfig;
import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.bio.SocketBio;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop and TLS counters as platform MBeans: opt-in, readable through the MBean server, gone after close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JmxTest {
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    @Test
    void loopAndServerCountersAreMBeansUntilClosed() throws Exception {
        TlsContext context = TlsContext.server().selfSigned("localhost").build();
        ObjectName loopName = new ObjectName("dev.niotls:type=EventLoop,name=\"jmx-test-0\"");
        ObjectName serverName;
        try (EventLoopGroup group = new EventLoopGroup(LoopConfig.defaults().loops(1).threadNamePrefix("jmx-test")
                .registerMBeans(true))) {
            TlsServer server = TlsServer.start(group, new InetSocketAddress("127.0.0.1", 0), context,
                    TlsServerOptions.defaults().registerMBean(true), () -> (channel, data) -> { });
            serverName = new ObjectName("dev.niotls:type=TlsServer,name=\"127.0.0.1:" + server.localAddress().getPort()
                    + "\"");
            assertTrue(mbeans.isRegistered(loopName), mbeans.queryNames(new ObjectName("dev.niotls:*"), null).toString());
            assertTrue(mbeans.isRegistered(serverName));

            TlsContext client = TlsContext.client().trust(context.certificateChain().get(0)).serverName("localhost")
                    .build();
            try (SocketChannel socket = SocketChannel.open(server.localAddress())) {
                TlsConnection connection = client.newConnection(new SocketBio(socket));
                connection.setConnectState();
                assertEquals(1, connection.doHandshake());
                assertEquals(5, connection.write(ByteBuffer.wrap("hello".getBytes())));
                awaitAttribute(serverName, "BytesIn", 5L);
                assertEquals(1L, mbeans.getAttribute(serverName, "HandshakesDone"));
                assertEquals(1L, mbeans.getAttribute(serverName, "ConnectionsOpen"));
                assertEquals("CN=localhost", mbeans.getAttribute(serverName, "CertificateSubject"));
            }
            assertTrue((Long) mbeans.getAttribute(loopName, "LoopTurns") > 0);
            assertEquals("RUNNING", mbeans.getAttribute(loopName, "State"));
            server.close();
            assertFalse(mbeans.isRegistered(serverName), "unregistered by TlsServer.close()");
        }
        assertFalse(mbeans.isRegistered(loopName), "unregistered when the loop ends");
    }

    @Test
    void nothingIsRegisteredUnlessAskedFor() throws Exception {
        Set<ObjectName> before = mbeans.queryNames(new ObjectName("dev.niotls:*"), null);
        try (EventLoopGroup group = new EventLoopGroup(LoopConfig.defaults().loops(1).threadNamePrefix("jmx-off"))) {
            TlsServer server = TlsServer.start(group, new InetSocketAddress("127.0.0.1", 0),
                    TlsContext.server().selfSigned("localhost").build(), TlsServerOptions.defaults(),
                    () -> (channel, data) -> { });
            assertEquals(before, mbeans.queryNames(new ObjectName("dev.niotls:*"), null));
            server.close();
        }
    }

    private void awaitAttribute(ObjectName name, String attribute, Object expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!expected.equals(mbeans.getAttribute(name, attribute))) {
            assertTrue(System.nanoTime() < deadline, attribute + " = " + mbeans.getAttribute(name, attribute));
            Thread.sleep(20);
        }
    }
}

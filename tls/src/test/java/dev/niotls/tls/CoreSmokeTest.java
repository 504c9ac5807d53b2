package dev.niotls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.testing.Pump;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoreSmokeTest {
    private static final TlsContext SERVER = TlsContext.server().selfSigned("localhost").build();

    @ParameterizedTest(name = "{0} capacity {1}")
    @CsvSource({"TLSv1.3, 17000", "TLSv1.2, 17000", "TLSv1.3, 7", "TLSv1.2, 1"})
    void handshakeAndTransferBothWays(String protocol, int capacity) {
        TlsContext client = TlsContext.client().trust(SERVER.certificateChain().get(0)).serverName("localhost")
                .protocols(protocol).build();
        BioPair pair = BioPair.create(capacity, capacity);
        TlsConnection c = client.newConnection(pair.first());
        TlsConnection s = SERVER.newConnection(pair.second());
        c.setConnectState();
        s.setAcceptState();
        Pump pump = new Pump(c, s);
        pump.handshake();
        assertEquals(protocol, c.protocol());
        assertEquals(protocol, s.protocol());
        pump.client().send(1, 200_000, 1, 100, 16384, 40000).receive(2, 200_000, 333);
        pump.server().send(2, 200_000, 70000).receive(1, 200_000, 4096);
        pump.run();
        assertTrue(c.isHandshakeDone());
    }
}

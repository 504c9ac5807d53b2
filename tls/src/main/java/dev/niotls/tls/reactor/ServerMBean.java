package dev.niotls.tls.reactor;

import dev.niotls.reactor.PlatformMBeans;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.ObjectName;

/** Registers a {@link TlsServer}'s {@link TlsCountersMXBean} on the platform MBean server, and takes it away. */
final class ServerMBean implements TlsCountersMXBean {
    private final TlsServer server;
    private final TlsCounters counters;

    private ServerMBean(TlsServer server) {
        this.server = server;
        this.counters = server.counters();
    }

    /** @return the name registered, or null when registration failed (logged; the server runs anyway) */
    static ObjectName register(TlsServer server) {
        return PlatformMBeans.register(new ServerMBean(server), "TlsServer",
                server.localAddress().getAddress().getHostAddress() + ":" + server.localAddress().getPort());
    }

    static void unregister(ObjectName name) {
        PlatformMBeans.unregister(name);
    }

    @Override public long getConnectionsOpen() { return counters.connectionsOpen(); }
    @Override public long getHandshakesDone() { return counters.handshakesDone(); }
    @Override public long getHandshakesFailed() { return counters.handshakesFailed(); }
    @Override public long getBytesIn() { return counters.bytesIn(); }
    @Override public long getBytesOut() { return counters.bytesOut(); }
    @Override public long getWantReads() { return counters.wantReads(); }
    @Override public long getWantWrites() { return counters.wantWrites(); }
    @Override public long getRenegotiations() { return counters.renegotiations(); }
    @Override public long getKeyUpdatesSent() { return counters.keyUpdatesSent(); }
    @Override public long getKeyUpdatesReceived() { return counters.keyUpdatesReceived(); }
    @Override public long getSendQueueFull() { return counters.sendQueueFull(); }
    @Override public long getHandlerFailures() { return counters.handlerFailures(); }
    @Override public long getBuffersLent() { return counters.buffersLent(); }
    @Override public long getBuffersLentPeak() { return counters.buffersLentPeak(); }
    @Override public long getBuffersPooled() { return counters.buffersPooled(); }

    @Override
    public Map<String, Long> getClosed() {
        Map<String, Long> closed = new LinkedHashMap<>();
        for (CloseReason reason : CloseReason.values()) {
            closed.put(reason.name(), counters.closed(reason));
        }
        return closed;
    }

    @Override
    public String getCertificateSubject() {
        var chain = server.context().certificateChain();
        return chain.isEmpty() ? null : chain.get(0).getSubjectX500Principal().getName();
    }
}

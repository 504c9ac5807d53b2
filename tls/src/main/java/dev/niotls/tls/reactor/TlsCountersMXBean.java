package dev.niotls.tls.reactor;

/**
 * A {@link TlsServer}'s TLS counters as a platform MXBean, {@code dev.niotls:type=TlsServer,name="<address>"}:
 * registered with {@link TlsServerOptions#registerMBean(boolean)}, unregistered by {@link TlsServer#close()}.
 * The values are those of the server's event loop group, as {@link TlsCounters} documents each.
 */
public interface TlsCountersMXBean {
    long getConnectionsOpen();
    long getHandshakesDone();
    long getHandshakesFailed();
    long getBytesIn();
    long getBytesOut();
    long getWantReads();
    long getWantWrites();
    long getRenegotiations();
    long getKeyUpdatesSent();
    long getKeyUpdatesReceived();
    long getSendQueueFull();
    long getHandlerFailures();
    long getBuffersLent();
    long getBuffersLentPeak();
    long getBuffersPooled();
    /** Closes by reason (CLEAN, PEER_RESET, HANDSHAKE_TIMEOUT...), as "REASON=count" pairs. */
    java.util.Map<String, Long> getClosed();
    /** The subject of the certificate new connections get (it changes with {@link TlsServer#context}). */
    String getCertificateSubject();
}

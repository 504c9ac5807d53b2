package dev.niotls.reactor;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * Socket options of a listener ({@link EventLoopGroup#listen}). Immutable; each setter returns a copy.
 */
public final class ListenOptions {
    private final int backlog;
    private final boolean reuseAddress;
    private final boolean reusePort;
    private final int maxConnections;
    private final AcceptCall acceptCall;

    private ListenOptions(int backlog, boolean reuseAddress, boolean reusePort, int maxConnections,
            AcceptCall acceptCall) {
        this.backlog = backlog;
        this.reuseAddress = reuseAddress;
        this.reusePort = reusePort;
        this.maxConnections = maxConnections;
        this.acceptCall = acceptCall;
    }

    /**
     * @return backlog 1024, {@code SO_REUSEADDR} on (a restarted server can bind while old
     *     connections sit in TIME_WAIT), {@code SO_REUSEPORT} off, no connection limit
     */
    public static ListenOptions defaults() {
        return new ListenOptions(1024, true, false, 0, ServerSocketChannel::accept);
    }

    /**
     * @param value the {@code listen(2)} backlog; Linux caps it at {@code net.core.somaxconn};
     *     0 or less means the JDK's default (50)
     */
    public ListenOptions backlog(int value) {
        return new ListenOptions(value, reuseAddress, reusePort, maxConnections, acceptCall);
    }

    /** @param on {@code SO_REUSEADDR} */
    public ListenOptions reuseAddress(boolean on) {
        return new ListenOptions(backlog, on, reusePort, maxConnections, acceptCall);
    }

    /**
     * @param on {@code SO_REUSEPORT}: several listeners (processes or groups) on one port, the kernel
     *     spreading connections. Where the platform lacks it, {@link EventLoopGroup#listen} throws
     *     {@link UnsupportedOperationException}.
     */
    public ListenOptions reusePort(boolean on) {
        return new ListenOptions(backlog, reuseAddress, on, maxConnections, acceptCall);
    }

    /**
     * The most connections accepted by this listener that may be open at once. At the limit the
     * listener stops accepting: {@code OP_ACCEPT} is dropped and new connections wait in the
     * kernel's backlog (beyond it, Linux drops their SYNs and the clients retry), instead of being
     * accepted and closed at once. It accepts again as soon as one of its connections closes, on
     * whichever loop that one lives. {@link LoopCounters#acceptPauses()} counts the stops.
     *
     * @param value the limit, at least 1; 0 (the default) is no limit
     */
    public ListenOptions maxConnections(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxConnections must be positive, or 0 for no limit: " + value);
        }
        return new ListenOptions(backlog, reuseAddress, reusePort, value, acceptCall);
    }

    /** Tests replace {@code accept()} to inject failures such as EMFILE. */
    ListenOptions acceptCall(AcceptCall call) {
        return new ListenOptions(backlog, reuseAddress, reusePort, maxConnections, call);
    }

    public int backlog() { return backlog; }
    public boolean reuseAddress() { return reuseAddress; }
    public boolean reusePort() { return reusePort; }
    /** @return the connection limit; 0 is none */
    public int maxConnections() { return maxConnections; }

    AcceptCall acceptCall() {
        return acceptCall;
    }

    void applyTo(ServerSocketChannel server) throws IOException {
        server.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
        if (reusePort) {
            if (!server.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this platform");
            }
            server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
    }
}

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
    private final AcceptCall acceptCall;

    private ListenOptions(int backlog, boolean reuseAddress, boolean reusePort, AcceptCall acceptCall) {
        this.backlog = backlog;
        this.reuseAddress = reuseAddress;
        this.reusePort = reusePort;
        this.acceptCall = acceptCall;
    }

    /**
     * @return backlog 1024, {@code SO_REUSEADDR} on (a restarted server can bind while old
     *     connections sit in TIME_WAIT), {@code SO_REUSEPORT} off
     */
    public static ListenOptions defaults() {
        return new ListenOptions(1024, true, false, ServerSocketChannel::accept);
    }

    /**
     * @param value the {@code listen(2)} backlog; Linux caps it at {@code net.core.somaxconn};
     *     0 or less means the JDK's default (50)
     */
    public ListenOptions backlog(int value) {
        return new ListenOptions(value, reuseAddress, reusePort, acceptCall);
    }

    /** @param on {@code SO_REUSEADDR} */
    public ListenOptions reuseAddress(boolean on) {
        return new ListenOptions(backlog, on, reusePort, acceptCall);
    }

    /**
     * @param on {@code SO_REUSEPORT}: several listeners (processes or groups) on one port, the kernel
     *     spreading connections. Where the platform lacks it, {@link EventLoopGroup#listen} throws
     *     {@link UnsupportedOperationException}.
     */
    public ListenOptions reusePort(boolean on) {
        return new ListenOptions(backlog, reuseAddress, on, acceptCall);
    }

    /** Tests replace {@code accept()} to inject failures such as EMFILE. */
    ListenOptions acceptCall(AcceptCall call) {
        return new ListenOptions(backlog, reuseAddress, reusePort, call);
    }

    public int backlog() { return backlog; }
    public boolean reuseAddress() { return reuseAddress; }
    public boolean reusePort() { return reusePort; }

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

package dev.niotls.tls.reactor;

import java.time.Duration;
import java.util.List;

/**
 * The size of one soak run, read by {@link SoakTest} from system properties and handed to the client
 * process ({@link SoakClients}) as arguments, so both sides agree on the server's timeouts.
 *
 * @param connections long-lived connections the clients hold open at once, on top of the churn
 * @param seconds how long the churn runs once they are all open
 * @param workers client threads running churn sessions side by side
 * @param seed makes the mix of sessions repeatable
 * @param handshakeTimeout the server's: a stalled handshake must be cut after it
 * @param idleTimeout the server's: a peer that never reads must be cut after it (and the close timeout)
 * @param closeTimeout the server's
 */
record SoakSettings(int connections, int seconds, int workers, long seed, Duration handshakeTimeout,
        Duration idleTimeout, Duration closeTimeout) {

    /** What CI runs: sized to end in about two and a half minutes on a quiet 2-core machine. */
    static final int CI_CONNECTIONS = 2_000;
    static final int CI_SECONDS = 45;

    static SoakSettings fromSystemProperties() {
        return new SoakSettings(
                Integer.getInteger("niotls.soak.connections", CI_CONNECTIONS),
                Integer.getInteger("niotls.soak.seconds", CI_SECONDS),
                Integer.getInteger("niotls.soak.workers", 16),
                Long.getLong("niotls.soak.seed", 12),
                // Wide margins for processes starved of CPU by a busy machine: the idle timeout against
                // the long-lived connections' pings (every 2 to 6 s), the handshake timeout against the
                // ramp's handshakes (a resumed TLS 1.2 or a TLS 1.3 client finishes before the server).
                Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(3));
    }

    /** The short run before the measured one: loads and compiles the code, fills pools and caches. */
    SoakSettings warmUp() {
        return new SoakSettings(Math.min(connections, 300), Math.min(seconds, 10), workers, seed + 1,
                handshakeTimeout, idleTimeout, closeTimeout);
    }

    List<String> toArguments() {
        return List.of(String.valueOf(connections), String.valueOf(seconds), String.valueOf(workers),
                String.valueOf(seed), String.valueOf(handshakeTimeout.toMillis()),
                String.valueOf(idleTimeout.toMillis()), String.valueOf(closeTimeout.toMillis()));
    }

    /** @param arguments what {@link #toArguments()} made, starting at {@code from} */
    static SoakSettings parse(String[] arguments, int from) {
        return new SoakSettings(Integer.parseInt(arguments[from]), Integer.parseInt(arguments[from + 1]),
                Integer.parseInt(arguments[from + 2]), Long.parseLong(arguments[from + 3]),
                Duration.ofMillis(Long.parseLong(arguments[from + 4])),
                Duration.ofMillis(Long.parseLong(arguments[from + 5])),
                Duration.ofMillis(Long.parseLong(arguments[from + 6])));
    }
}

package dev.niotls.tls.context;

/**
 * Where a context's session ticket keys come from: generated in memory and rotated on a schedule
 * ({@link RotatingTicketKeys}, one server), or read from a file that several servers share and reloaded when it
 * changes ({@link TicketKeyFile}, a fleet). Called by the connections' threads on every ticket sealed or opened:
 * implementations answer from memory (a volatile read, at most a key generation), never from the disk.
 */
interface SessionTicketKeys {
    /** The keys in force at {@code nowMillis} (epoch milliseconds). */
    TicketKeySet current(long nowMillis);
}

package dev.niotls.tls.reactor;

import java.util.SplittableRandom;

/**
 * The kinds of short sessions the soak's client threads run side by side, each picked with its
 * weight. The first five must end cleanly; the others misbehave and must be cut by the server (or
 * simply leave) without disturbing anyone else.
 */
enum Churn {
    /** Full TLS 1.3 handshake, 1 to 4 echoed requests of up to 32 KiB, close_notify both ways. */
    REQUESTS_TLS13(18),
    /** The same on TLS 1.2 with a full handshake (the client keeps no session). */
    REQUESTS_TLS12(10),
    /** The same on TLS 1.2 resuming the client's cached session (an abbreviated handshake). */
    RESUMED_TLS12(5),
    /** TLS 1.2, 128 KiB echoed in 16 KiB pieces, a renegotiation started by the client after the third. */
    RENEGOTIATION_TLS12(6),
    /** TLS 1.3, 128 KiB echoed, KeyUpdates asking for the server's after the third and sixth pieces. */
    KEY_UPDATE_TLS13(6),
    /** A complete TLS session in which every read and write moves one byte, half of them a byte a millisecond. */
    BYTE_AT_A_TIME(5),
    /** Handshake, a request, half of another, then SO_LINGER 0: the server gets a TCP reset. */
    RESET(8),
    /** TCP connect, then close (FIN or reset) without a byte. */
    ABANDONED_AT_CONNECT(3),
    /** A whole ClientHello, then close, at once or after the server's first answer. */
    ABANDONED_AFTER_HELLO(6),
    /** Half a ClientHello, then silence: the server's handshake timeout must cut it. */
    STALLED_MID_HELLO(3),
    /** A whole ClientHello, then silence: the server's handshake timeout must cut it. */
    STALLED_AFTER_HELLO(3),
    /** 1 to 4 KiB of random bytes instead of a ClientHello. */
    GARBAGE(5),
    /** An HTTP/1.1 request in plaintext on the TLS port. */
    PLAINTEXT_HTTP(5),
    /** Writes and writes, never reads: the send queue bounds it, the idle and close timeouts cut it. */
    NEVER_READS(1);

    private static final int TOTAL_WEIGHT;

    static {
        int total = 0;
        for (Churn kind : values()) {
            total += kind.weight;
        }
        TOTAL_WEIGHT = total;
    }

    private final int weight;

    Churn(int weight) {
        this.weight = weight;
    }

    static Churn pick(SplittableRandom random) {
        int ticket = random.nextInt(TOTAL_WEIGHT);
        for (Churn kind : values()) {
            ticket -= kind.weight;
            if (ticket < 0) {
                return kind;
            }
        }
        throw new AssertionError("weights");
    }
}

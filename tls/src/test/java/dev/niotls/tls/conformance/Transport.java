package dev.niotls.tls.conformance;

/**
 * The transports every rule runs over: BIO pairs whose small capacities force every WANT_WRITE and
 * WANT_READ path (SPEC B2), BIOs that refuse every other call and move one byte at a time (B3,
 * OpenSSL's test_asyncio) and real loopback sockets (B1).
 */
enum Transport {
    PAIR_1(1),
    PAIR_7(7),
    PAIR_256(256),
    PAIR_512(512),
    /** More than one full record (16384 + header + AEAD tag): a record always fits. */
    PAIR_17K(17 * 1024),
    /** A pair of 256 bytes behind BIOs that refuse every other call. */
    FLAKY(256),
    /** BIOs that refuse every other call and move one byte per call, over a 4 KiB pair. */
    FLAKY_ONE_BYTE(4096),
    /** Loopback sockets, non-blocking, with small kernel buffers so WANT_WRITE happens. */
    SOCKET(0),
    /** Loopback sockets, blocking: driven by one thread per side ({@code BlockingPeer}). */
    BLOCKING_SOCKET(0);

    final int capacity;

    Transport(int capacity) {
        this.capacity = capacity;
    }

    boolean isPair() {
        return capacity > 0;
    }

    boolean isBlocking() {
        return this == BLOCKING_SOCKET;
    }

    /** How many bytes a transfer test sends: fewer where each byte costs a pump round. */
    long streamBytes() {
        switch (this) {
            case PAIR_1:
            case FLAKY_ONE_BYTE:
                return 40_000;
            case PAIR_7:
                return 100_000;
            default:
                return 400_000;
        }
    }
}

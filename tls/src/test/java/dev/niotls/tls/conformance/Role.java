package dev.niotls.tls.conformance;

/** Which side writes the stream under test (the other reads): SPEC rules hold for both roles. */
enum Role {
    CLIENT_WRITES,
    SERVER_WRITES;

    boolean clientWrites() {
        return this == CLIENT_WRITES;
    }
}

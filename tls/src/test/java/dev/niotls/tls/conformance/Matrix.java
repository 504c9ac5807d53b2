package dev.niotls.tls.conformance;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The parameter sets of the suite: TLS versions x transports x roles. */
final class Matrix {
    static final String TLS12 = "TLSv1.2";
    static final String TLS13 = "TLSv1.3";
    static final List<String> VERSIONS = List.of(TLS12, TLS13);

    /** Every non-blocking transport. */
    static final EnumSet<Transport> NON_BLOCKING = EnumSet.complementOf(EnumSet.of(Transport.BLOCKING_SOCKET));

    /** Non-blocking transports whose pair can show the bytes in flight. */
    static final EnumSet<Transport> PAIRS = EnumSet.of(Transport.PAIR_1, Transport.PAIR_7, Transport.PAIR_256,
            Transport.PAIR_512, Transport.PAIR_17K, Transport.FLAKY, Transport.FLAKY_ONE_BYTE);

    /** Transports where a 100 KB write cannot complete while the peer does not read. */
    static final EnumSet<Transport> SMALL = EnumSet.of(Transport.PAIR_1, Transport.PAIR_256, Transport.PAIR_17K,
            Transport.FLAKY, Transport.SOCKET);

    private Matrix() {
    }

    /** version x role. */
    static Stream<Arguments> versionsAndRoles() {
        List<Arguments> all = new ArrayList<>();
        for (String version : VERSIONS) {
            for (Role role : Role.values()) {
                all.add(Arguments.of(version, role));
            }
        }
        return all.stream();
    }

    /** version x non-blocking transport x role: the full matrix. */
    static Stream<Arguments> full() {
        return cross(NON_BLOCKING);
    }

    /** version x (small pair, flaky, socket) x role: the retry-path matrix. */
    static Stream<Arguments> small() {
        return cross(SMALL);
    }

    /** version x transport: both roles are exercised inside the test. */
    static Stream<Arguments> versionsAndTransports() {
        List<Arguments> all = new ArrayList<>();
        for (String version : VERSIONS) {
            for (Transport transport : NON_BLOCKING) {
                all.add(Arguments.of(version, transport));
            }
        }
        return all.stream();
    }

    /** TLS 1.2 x transport x role (renegotiation). */
    static Stream<Arguments> tls12() {
        return crossVersion(TLS12, NON_BLOCKING);
    }

    /** TLS 1.3 x transport x role (key update). */
    static Stream<Arguments> tls13() {
        return crossVersion(TLS13, NON_BLOCKING);
    }

    static Stream<Arguments> cross(EnumSet<Transport> transports) {
        return VERSIONS.stream().flatMap(version -> crossVersion(version, transports));
    }

    private static Stream<Arguments> crossVersion(String version, EnumSet<Transport> transports) {
        List<Arguments> all = new ArrayList<>();
        for (Transport transport : transports) {
            for (Role role : Role.values()) {
                all.add(Arguments.of(version, transport, role));
            }
        }
        return all.stream();
    }
}

package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Sealing, opening, rotation, expiry and tampering of session tickets, and the key file: no network. */
@Timeout(60)
class SessionTicketsTest {
    private static final int SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final int[] SUITES = {SUITE, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
    private static final byte[] SESSION_ID = new byte[32];
    private static final long MINUTE = 60_000;
    private static final long NOW = 1_800_000_000_000L;

    private final SecureRandom random = new SecureRandom();
    private final TicketSealer sealer = new TicketSealer(random);
    private final TlsCrypto crypto = new BcTlsCrypto(random);

    @TempDir
    Path dir;

    static {
        Arrays.fill(SESSION_ID, (byte) 7);
    }

    private static TicketKey key(int seed) {
        byte[] name = new byte[TicketKey.NAME_LENGTH];
        byte[] secret = new byte[TicketKey.SECRET_LENGTH];
        Random random = new Random(seed);
        random.nextBytes(name);
        random.nextBytes(secret);
        return new TicketKey(name, secret, 0);
    }

    private static byte[] state(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    // ---- sealing ----

    @Test
    void sealedStateOpensWithTheSameKeyAndOnlyThat() {
        TicketKey key = key(1);
        byte[] state = state(200, 1);
        byte[] ticket = sealer.seal(key, state);
        assertEquals(state.length + TicketSealer.OVERHEAD, ticket.length);
        assertArrayEquals(state, TicketSealer.open(new TicketKeySet(List.of(key(9), key)), ticket));
        assertNull(TicketSealer.open(new TicketKeySet(List.of(key(2))), ticket), "a foreign key");
        assertNotEquals(HexFormat.of().formatHex(ticket), HexFormat.of().formatHex(sealer.seal(key, state)),
                "a fresh random nonce per ticket");
    }

    @Test
    void everyFlippedBitFailsToOpen() {
        TicketKey key = key(1);
        TicketKeySet keys = new TicketKeySet(List.of(key));
        byte[] ticket = sealer.seal(key, state(64, 2));
        for (int i = 0; i < ticket.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = ticket.clone();
                tampered[i] ^= (byte) (1 << bit);
                assertNull(TicketSealer.open(keys, tampered), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void everyTruncationAndExtensionFailsToOpen() {
        TicketKey key = key(1);
        TicketKeySet keys = new TicketKeySet(List.of(key));
        byte[] ticket = sealer.seal(key, state(64, 3));
        for (int length = 0; length < ticket.length; length++) {
            assertNull(TicketSealer.open(keys, Arrays.copyOf(ticket, length)), "length " + length);
        }
        assertNull(TicketSealer.open(keys, Arrays.copyOf(ticket, ticket.length + 1)));
        assertNull(TicketSealer.open(keys, null));
    }

    @Test
    void aKeyOfTheSameNameButAnotherSecretFailsToOpen() {
        byte[] name = new byte[TicketKey.NAME_LENGTH];
        TicketKey mine = new TicketKey(name, state(32, 4), 0);
        TicketKey impostor = new TicketKey(name, state(32, 5), 0);
        byte[] ticket = sealer.seal(mine, state(64, 6));
        assertNull(TicketSealer.open(new TicketKeySet(List.of(impostor)), ticket));
    }

    // ---- rotation of in-memory keys ----

    @Test
    void rotatingKeysEncryptWithTheNewestAndKeepOldOnesForATicketLifetime() {
        RotatingTicketKeys keys = new RotatingTicketKeys(10 * MINUTE, 5 * MINUTE, random, NOW);
        TicketKey first = keys.current(NOW).encrypting();
        assertEquals(first, keys.current(NOW + 10 * MINUTE - 1).encrypting());
        byte[] oldTicket = sealer.seal(first, state(40, 7));

        TicketKeySet rotated = keys.current(NOW + 10 * MINUTE);
        TicketKey second = rotated.encrypting();
        assertNotEquals(first.hexName(), second.hexName());
        assertEquals(List.of(second.hexName(), first.hexName()), rotated.names());
        assertNotNull(TicketSealer.open(keys.current(NOW + 15 * MINUTE - 1), oldTicket),
                "the replaced key opens its tickets for a lifetime after its last one");
        assertEquals(List.of(second.hexName()), keys.current(NOW + 15 * MINUTE).names());
        assertNull(TicketSealer.open(keys.current(NOW + 15 * MINUTE), oldTicket));
        assertEquals(second, keys.current(NOW + 20 * MINUTE - 1).encrypting());
        assertNotEquals(second, keys.current(NOW + 20 * MINUTE).encrypting());
    }

    @Test
    void rotatingKeysCatchUpAfterALongIdle() {
        RotatingTicketKeys keys = new RotatingTicketKeys(MINUTE, MINUTE, random, NOW);
        TicketKey first = keys.current(NOW).encrypting();
        TicketKeySet later = keys.current(NOW + 60 * MINUTE);
        assertEquals(1, later.keys().size(), "the first key's tickets expired long ago");
        assertNotEquals(first, later.encrypting());
    }

    // ---- what a ticket carries, and when it resumes ----

    private TicketState ticketState(long issued, String serverName, boolean ems, List<byte[]> chain) {
        Hashtable<Integer, byte[]> extensions = new Hashtable<>();
        extensions.put(org.bouncycastle.tls.ExtensionType.encrypt_then_mac, new byte[0]);
        return new TicketState(issued, ProtocolVersion.TLSv12, SUITE, ems, state(48, 8), serverName, extensions,
                chain);
    }

    @Test
    void stateRoundTripsAndGarbageDoesNotDecode() {
        byte[] encoded = ticketState(NOW, "example.test", true, List.of()).encode();
        TicketState decoded = TicketState.decode(encoded);
        assertNotNull(decoded);
        assertEquals(NOW, decoded.issuedMillis);
        assertEquals("example.test", decoded.serverName);
        assertEquals(SUITE, decoded.cipherSuite);
        assertTrue(decoded.extendedMasterSecret);
        SessionParameters parameters = decoded.sessionParameters(crypto);
        assertEquals(ProtocolVersion.TLSv12, parameters.getNegotiatedVersion());
        assertArrayEquals(state(48, 8), parameters.getMasterSecret().extract());
        for (int length = 0; length < encoded.length; length++) {
            assertNull(TicketState.decode(Arrays.copyOf(encoded, length)), "truncated to " + length);
        }
        assertNull(TicketState.decode(Arrays.copyOf(encoded, encoded.length + 1)), "trailing byte");
        byte[] otherFormat = encoded.clone();
        otherFormat[0] = 2;
        assertNull(TicketState.decode(otherFormat));
    }

    private SessionTickets tickets(TicketKey key, long lifetimeMillis) {
        return new SessionTickets(now -> new TicketKeySet(List.of(key)), sealer, lifetimeMillis);
    }

    private TlsSession resume(SessionTickets tickets, byte[] ticket, String serverName, int[] offered,
            boolean clientEms, boolean certificateRequired) {
        return tickets.resume(ticket, SESSION_ID, serverName, offered, SUITES, clientEms, certificateRequired, crypto);
    }

    @Test
    void aGoodTicketResumesUnderTheClientsSessionId() {
        TicketKey key = key(1);
        SessionTickets tickets = tickets(key, 5 * MINUTE);
        byte[] ticket = sealer.seal(key, ticketState(System.currentTimeMillis(), "a.test", true, List.of()).encode());
        TlsSession session = resume(tickets, ticket, "a.test", SUITES, true, false);
        assertNotNull(session);
        assertArrayEquals(SESSION_ID, session.getSessionID(), "RFC 5077 3.4: the client's session ID is echoed");
        assertTrue(session.isResumable());
        assertEquals(SUITE, session.exportSessionParameters().getCipherSuite());
    }

    @Test
    void everyReasonNotToResumeGivesAFullHandshake() {
        TicketKey key = key(1);
        SessionTickets tickets = tickets(key, 5 * MINUTE);
        long now = System.currentTimeMillis();
        byte[] good = sealer.seal(key, ticketState(now, "a.test", true, List.of()).encode());
        assertNull(resume(tickets, good, "b.test", SUITES, true, false), "another SNI name (RFC 6066 3)");
        assertNull(resume(tickets, good, null, SUITES, true, false), "no SNI name now");
        assertNull(resume(tickets, good, "a.test", new int[] {SUITES[1]}, true, false), "suite no longer offered");
        assertNull(resume(tickets, good, "a.test", SUITES, false, false), "client without EMS (RFC 7627 5.3)");
        assertNull(resume(tickets, good, "a.test", SUITES, true, true), "required client certificate missing");
        assertNull(tickets.resume(good, new byte[0], "a.test", SUITES, SUITES, true, false, crypto),
                "no session ID to echo");
        assertNull(tickets.resume(good, SESSION_ID, "a.test", SUITES, new int[] {SUITES[1]}, true, false, crypto),
                "a suite this server no longer allows");

        byte[] expired = sealer.seal(key, ticketState(now - 5 * MINUTE - 1000, "a.test", true, List.of()).encode());
        assertNull(resume(tickets, expired, "a.test", SUITES, true, false), "expired");
        byte[] future = sealer.seal(key, ticketState(now + 10 * MINUTE, "a.test", true, List.of()).encode());
        assertNull(resume(tickets, future, "a.test", SUITES, true, false), "issued in the future");
        byte[] withoutEms = sealer.seal(key, ticketState(now, "a.test", false, List.of()).encode());
        assertNull(resume(tickets, withoutEms, "a.test", SUITES, true, false), "a session without EMS");
        byte[] garbage = sealer.seal(key, state(100, 9));
        assertNull(resume(tickets, garbage, "a.test", SUITES, true, false), "sealed garbage");
        byte[] foreign = sealer.seal(key(2), ticketState(now, "a.test", true, List.of()).encode());
        assertNull(resume(tickets, foreign, "a.test", SUITES, true, false), "a foreign key");
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        assertNull(resume(tickets, truncated, "a.test", SUITES, true, false), "truncated");
        assertNotNull(resume(tickets, good, "a.test", SUITES, true, false), "and the good one still resumes");
    }

    @Test
    void aTicketWithThePeerCertificateResumesWhereOneIsRequired() throws Exception {
        TicketKey key = key(1);
        SessionTickets tickets = tickets(key, 5 * MINUTE);
        byte[] der = SelfSigned.generate(List.of("client.test")).chain().get(0).getEncoded();
        byte[] ticket = sealer.seal(key, ticketState(System.currentTimeMillis(), null, true, List.of(der)).encode());
        TlsSession session = tickets.resume(ticket, SESSION_ID, null, SUITES, SUITES, true, true, crypto);
        assertNotNull(session);
        assertArrayEquals(der, session.exportSessionParameters().getPeerCertificate().getCertificateAt(0)
                .getEncoded());
    }

    // ---- the key file ----

    private static String line(int seed) {
        byte[] name = new byte[16];
        byte[] secret = new byte[32];
        Random random = new Random(seed);
        random.nextBytes(name);
        random.nextBytes(secret);
        return HexFormat.of().formatHex(name) + " " + HexFormat.of().formatHex(secret);
    }

    private static String nameOf(String line) {
        return line.substring(0, 32);
    }

    @Test
    void textKeyFileWithCommentsFirstKeyEncrypts() {
        String text = "# ticket keys\n\n" + line(1) + "   # the current one\r\n  " + line(2) + "\n";
        List<TicketKey> keys = TicketKeyFileFormat.parse(text.getBytes(StandardCharsets.US_ASCII), "f");
        assertEquals(List.of(nameOf(line(1)), nameOf(line(2))), new TicketKeySet(keys).names());
    }

    @Test
    void nginxBinaryKeyFileOfOneOrMoreEightyByteKeys() {
        byte[] content = state(160, 10);
        content[0] = (byte) 0xff; // surely binary
        List<TicketKey> keys = TicketKeyFileFormat.parse(content, "f");
        assertEquals(List.of(HexFormat.of().formatHex(content, 0, 16), HexFormat.of().formatHex(content, 80, 96)),
                new TicketKeySet(keys).names());
        // 64 bytes of secret feed the key: two files differing only in the AES half give different keys.
        byte[] other = content.clone();
        other[79] ^= 1;
        byte[] ticket = new TicketSealer(new SecureRandom()).seal(keys.get(0), state(10, 1));
        assertNull(TicketSealer.open(new TicketKeySet(TicketKeyFileFormat.parse(other, "f")), ticket));
    }

    @Test
    void badKeyFilesAreRefusedWithTheReason() {
        String good = line(1);
        assertRefused("", "no session ticket key");
        assertRefused("# only a comment\n", "no session ticket key");
        assertRefused(good.substring(1), "the name must be 32 hex digits");
        assertRefused(good + "00", "the secret must be 64 hex digits");
        assertRefused("zz" + good.substring(2), "the name is not hex");
        assertRefused(good + " extra", "line 1: expected \"NAME SECRET\"");
        assertRefused(good + "\n" + good, "appears twice");
        byte[] binary = state(81, 11);
        binary[0] = (byte) 0xff;
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TicketKeyFileFormat.parse(binary, "f"));
        assertTrue(refused.getMessage().contains("80-byte binary keys"), refused.getMessage());
    }

    private static void assertRefused(String text, String reason) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TicketKeyFileFormat.parse(text.getBytes(StandardCharsets.US_ASCII), "f"));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
        assertFalse(refused.getMessage().contains(line(1).substring(33)), "a secret never appears in a message");
    }

    @Test
    void keyFileReloadsWhenChangedAndKeepsItsKeysWhenTheNewFileIsBad() throws Exception {
        Path file = dir.resolve("ticket.keys");
        Files.writeString(file, line(1) + "\n");
        TicketKeyFile keys = TicketKeyFile.load(file, 3_600_000);
        assertEquals(List.of(nameOf(line(1))), keys.current(0).names());
        assertFalse(keys.checkForChange(), "unchanged");

        replace(file, line(2) + "\n" + line(1) + "\n");
        assertTrue(keys.checkForChange());
        assertEquals(List.of(nameOf(line(2)), nameOf(line(1))), keys.current(0).names());

        replace(file, "not a key\n");
        assertFalse(keys.checkForChange());
        assertEquals(List.of(nameOf(line(2)), nameOf(line(1))), keys.current(0).names(), "old keys stay");
        Files.delete(file);
        assertFalse(keys.checkForChange());
        assertEquals(2, keys.current(0).keys().size(), "old keys stay when the file is gone");

        replace(file, line(3) + "\n");
        assertTrue(keys.checkForChange());
        assertEquals(List.of(nameOf(line(3))), keys.current(0).names());
    }

    @Test
    void keyFileIsWatchedOnItsOwnThread() throws Exception {
        Path file = dir.resolve("watched.keys");
        Files.writeString(file, line(1) + "\n");
        TicketKeyFile keys = TicketKeyFile.load(file, 50);
        replace(file, line(4) + "\n");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!keys.current(0).names().equals(List.of(nameOf(line(4)))) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(nameOf(line(4))), keys.current(0).names());
    }

    @Test
    void unreadableKeyFileFailsAtLoad() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TicketKeyFile.load(dir.resolve("missing.keys"), 1000));
        assertTrue(refused.getMessage().contains("missing.keys"), refused.getMessage());
    }

    /** Writes beside and renames over: how an operator should replace the file (readers see it whole). */
    static void replace(Path file, String content) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

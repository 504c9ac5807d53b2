package dev.niotls.tls.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.Test;

/**
 * The niotls record layer against RFC 8448 section 3 (Simple 1-RTT Handshake, TLS_AES_128_GCM_SHA256): the
 * application traffic secrets give the keys and IVs the RFC prints (RFC 8446 section 7.3), and the 50 bytes
 * 00..31 each side sends are protected into exactly the RFC's records and opened back (sections 5.2-5.4).
 */
class Rfc8448VectorsTest {
    private static final String CLIENT_AP_SECRET = "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5";
    private static final String SERVER_AP_SECRET = "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643";
    private static final String CLIENT_RECORD = "1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8"
            + "a5b46b395bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae63aeebb21694915e4";
    /** Sequence number 1: the server's first record under these keys (0) was its NewSessionTicket. */
    private static final String SERVER_RECORD = "17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36e30efaf9"
            + "7d90e6dffc602dcb501a59a8fcc49c4bf2e5f0a21c0047c2abf332540dd032e167c2955d";

    @Test
    void L1_applicationTrafficSecretsGiveTheRfcKeysAndIvs() {
        RecordLayer client = layer(false);
        assertEquals("17422dda596ed5d9acd890e3c63f5051", hex(client.writeKeysForTest().keyForTest()));
        assertEquals("5b78923dee08579033e523d9", hex(client.writeKeysForTest().ivForTest()));
        assertEquals("9f02283b6c9c07efc26bb9f2ac92e356", hex(client.readKeysForTest().keyForTest()));
        assertEquals("cf782b88dd83549aadf1e984", hex(client.readKeysForTest().ivForTest()));
    }

    @Test
    void L1_handshakeTrafficSecretGivesTheRfcKeyAndIv() {
        // Section 3, {server} derive write traffic keys for handshake data: the same derivation, other inputs.
        byte[] secret = bytes("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
        TrafficKeys keys = new TrafficKeys(JdkAead.AES_128_GCM, "HmacSHA256", secret);
        assertEquals("3fce516009c21727d0f2e4e86ee403bc", hex(keys.keyForTest()));
        assertEquals("5d313eb2671276ee13000b30", hex(keys.ivForTest()));
    }

    @Test
    void L2_clientApplicationRecordIsTheRfcsRecord() {
        RecordLayer client = layer(false);
        byte[] out = new byte[100];
        int length = client.seal((byte) 23, payload(), 0, 50, out, 0);
        assertEquals(CLIENT_RECORD, hex(java.util.Arrays.copyOf(out, length)));
    }

    @Test
    void L2_serverApplicationRecordIsTheRfcsRecord() {
        RecordLayer server = layer(true);
        byte[] out = new byte[100];
        server.seal((byte) 22, new byte[4], 0, 4, out, 0); // stands in for the NewSessionTicket at sequence 0
        int length = server.seal((byte) 23, payload(), 0, 50, out, 0);
        assertEquals(SERVER_RECORD, hex(java.util.Arrays.copyOf(out, length)));
    }

    @Test
    void L2_rfcRecordsOpenInPlace() throws TlsFatalAlert {
        RecordLayer server = layer(true);
        byte[] record = bytes(CLIENT_RECORD);
        assertEquals(50, server.open(record, 0, record.length));
        assertEquals(23, server.openedType());
        assertArrayEquals(payload(), java.util.Arrays.copyOfRange(record, 5, 55));

        RecordLayer client = layer(false);
        client.readKeysForTest().advance(); // past the NewSessionTicket
        byte[] fromServer = bytes(SERVER_RECORD);
        assertEquals(50, client.open(fromServer, 0, fromServer.length));
        assertArrayEquals(payload(), java.util.Arrays.copyOfRange(fromServer, 5, 55));
    }

    @Test
    void L2_anyFlippedBitIsBadRecordMac() {
        byte[] original = bytes(CLIENT_RECORD);
        for (int i = 0; i < original.length; i++) {
            if (i == 3 || i == 4) {
                continue; // the length: a different record, not a tampered one
            }
            byte[] record = original.clone();
            record[i] ^= 0x10;
            TlsFatalAlert alert = assertThrows(TlsFatalAlert.class, () -> layer(true).open(record, 0, record.length),
                    "byte " + i);
            assertEquals(AlertDescription.bad_record_mac, alert.getAlertDescription(), "byte " + i);
        }
    }

    @Test
    void L4_trafficUpdateChangesKeyIvAndSequence() throws TlsFatalAlert {
        RecordLayer client = layer(false);
        RecordLayer server = layer(true);
        byte[] before = client.writeKeysForTest().keyForTest();
        client.updateWriteKeys();
        server.updateReadKeys();
        assertEquals(false, hex(before).equals(hex(client.writeKeysForTest().keyForTest())));
        byte[] out = new byte[100];
        int length = client.seal((byte) 23, payload(), 0, 50, out, 0);
        assertEquals(50, server.open(out, 0, length));
        assertArrayEquals(payload(), java.util.Arrays.copyOfRange(out, 5, 55));
    }

    @Test
    void L4_destroyOverwritesSecretsAndKeys() {
        RecordLayer client = layer(false);
        client.destroy();
        assertEquals("0".repeat(64), hex(client.writeKeysForTest().secretForTest()));
        assertEquals("0".repeat(64), hex(client.readKeysForTest().secretForTest()));
        assertEquals(true, client.writeKeysForTest().isDestroyed());
        assertEquals(true, client.readKeysForTest().isDestroyed());
    }

    private static RecordLayer layer(boolean server) {
        return RecordLayer.fromSecrets(0x1301, bytes(CLIENT_AP_SECRET), bytes(SERVER_AP_SECRET), server, 0);
    }

    private static byte[] payload() {
        byte[] payload = new byte[50];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        return payload;
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

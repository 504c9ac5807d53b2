package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Hashtable;
import org.bouncycastle.tls.ECPointFormat;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.util.Integers;
import org.junit.jupiter.api.Test;

/**
 * The TLS 1.2 view of a ClientHello's extensions (SPEC A3; HostileClientHelloTest runs them against OpenSSL): the
 * client's own table when nothing needs changing (issue 11: no copy per handshake), a changed copy otherwise.
 */
class ClientHelloExtensionsTest {
    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void A3_aTypicalTls12ClientHelloIsTakenAsItIs() throws Exception {
        Hashtable extensions = new Hashtable();
        extensions.put(Integers.valueOf(ExtensionType.ec_point_formats), new byte[] {1, ECPointFormat.uncompressed});
        extensions.put(Integers.valueOf(ExtensionType.encrypt_then_mac), TlsUtils.EMPTY_BYTES);
        extensions.put(Integers.valueOf(ExtensionType.extended_master_secret), TlsUtils.EMPTY_BYTES);
        assertSame(extensions, ClientHelloExtensions.tls12View(extensions));
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void A3_whatOpenSslIgnoresIsRemovedFromACopy() throws Exception {
        Hashtable extensions = new Hashtable();
        extensions.put(Integers.valueOf(ExtensionType.truncated_hmac), TlsUtils.EMPTY_BYTES);
        extensions.put(Integers.valueOf(ExtensionType.encrypt_then_mac), new byte[] {7});
        extensions.put(Integers.valueOf(ExtensionType.ec_point_formats), new byte[] {1, 1});
        Hashtable view = ClientHelloExtensions.tls12View(extensions);
        assertNotSame(extensions, view);
        assertFalse(view.containsKey(Integers.valueOf(ExtensionType.truncated_hmac)));
        assertArrayEquals(TlsUtils.EMPTY_BYTES, (byte[]) view.get(Integers.valueOf(ExtensionType.encrypt_then_mac)));
        assertArrayEquals(new byte[] {1, ECPointFormat.uncompressed},
                (byte[]) view.get(Integers.valueOf(ExtensionType.ec_point_formats)));
        assertEquals(3, extensions.size(), "the client's table is left as it came");
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void A1_malformedPointFormatsStayDecodeError() {
        Hashtable extensions = new Hashtable();
        extensions.put(Integers.valueOf(ExtensionType.ec_point_formats), new byte[] {3, 0});
        assertThrows(TlsFatalAlert.class, () -> ClientHelloExtensions.tls12View(extensions));
    }
}

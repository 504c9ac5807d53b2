package dev.niotls.tls.context;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ECPointFormat;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;

/**
 * How the server reads a ClientHello's extensions before Bouncy Castle's {@code AbstractTlsServer} does: the view of
 * them each version takes (as OpenSSL 3.0 reads them, SPEC A3) and the SNI host name (OpenSSL's
 * {@code tls_parse_ctos_server_name}).
 */
final class ClientHelloExtensions {
    /**
     * ClientHello extensions that mean something only in TLS 1.2 (RFC 8422, 7366, 6066, 6961): a client sends them
     * for servers that pick TLS 1.2, so a TLS 1.3 server ignores them, malformed or not, as OpenSSL does (SPEC A3).
     */
    private static final List<Integer> TLS12_ONLY_EXTENSIONS = List.of(ExtensionType.ec_point_formats,
            ExtensionType.encrypt_then_mac, ExtensionType.truncated_hmac, ExtensionType.trusted_ca_keys,
            ExtensionType.status_request_v2);

    private ClientHelloExtensions() {
    }

    /**
     * AbstractTlsServer parses the TLS 1.2-only extensions for every version (its "TODO[tls13]"); TLS 1.3 ignores
     * them. psk_key_exchange_modes, which Bouncy Castle does not read without PSKs, must still hold at least one mode
     * (RFC 8446 section 4.2.9, {@code ke_modes<1..255>}): OpenSSL answers an empty list with decode_error.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static Hashtable tls13View(Hashtable clientExtensions) throws IOException {
        byte[] pskModes = TlsUtils.getExtensionData(clientExtensions, ExtensionType.psk_key_exchange_modes);
        if (pskModes != null && TlsUtils.decodeUint8ArrayWithUint8Length(pskModes).length == 0) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "empty psk_key_exchange_modes");
        }
        Hashtable view = new Hashtable(clientExtensions);
        for (Integer type : TLS12_ONLY_EXTENSIONS) {
            view.remove(type);
        }
        return view;
    }

    /**
     * TLS 1.2 reads these extensions as OpenSSL 3.0 does (checked by HostileClientHelloTest): truncated_hmac,
     * trusted_ca_keys and status_request_v2 are ignored (neither OpenSSL nor niotls implements them), the contents
     * of encrypt_then_mac are ignored, and a well-formed ec_point_formats without the uncompressed format is taken
     * (only uncompressed points are ever sent; RFC 8422 section 5.1.2 would refuse it, OpenSSL does not). A
     * malformed ec_point_formats stays decode_error.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static Hashtable tls12View(Hashtable clientExtensions) throws IOException {
        byte[] pointFormats = TlsUtils.getExtensionData(clientExtensions, ExtensionType.ec_point_formats);
        boolean uncompressedMissing = pointFormats != null && !org.bouncycastle.util.Arrays.contains(
                TlsUtils.decodeUint8ArrayWithUint8Length(pointFormats), ECPointFormat.uncompressed); // decode_error
        byte[] encryptThenMac = TlsUtils.getExtensionData(clientExtensions, ExtensionType.encrypt_then_mac);
        if (!uncompressedMissing && (encryptThenMac == null || encryptThenMac.length == 0)
                && !clientExtensions.containsKey(ExtensionType.truncated_hmac)
                && !clientExtensions.containsKey(ExtensionType.trusted_ca_keys)
                && !clientExtensions.containsKey(ExtensionType.status_request_v2)) {
            return clientExtensions; // nothing to change: most clients (issue 11: no copy per handshake)
        }
        Hashtable view = new Hashtable(clientExtensions);
        view.remove(ExtensionType.truncated_hmac);
        view.remove(ExtensionType.trusted_ca_keys);
        view.remove(ExtensionType.status_request_v2);
        if (encryptThenMac != null) {
            view.put(ExtensionType.encrypt_then_mac, TlsUtils.EMPTY_BYTES);
        }
        if (uncompressedMissing) {
            view.put(ExtensionType.ec_point_formats, new byte[] {1, ECPointFormat.uncompressed});
        }
        return view;
    }

    /**
     * The client's host_name, or null. A name with a NUL byte or over 255 bytes is refused with unrecognized_name,
     * as OpenSSL's tls_parse_ctos_server_name does (SSL_R_BAD_EXTENSION).
     */
    @SuppressWarnings("rawtypes")
    static String hostName(Vector serverNames) throws TlsFatalAlert {
        if (serverNames == null) {
            return null;
        }
        for (Object entry : serverNames) {
            ServerName name = (ServerName) entry;
            if (name.getNameType() == NameType.host_name) {
                byte[] data = name.getNameData();
                if (data.length > 255 || org.bouncycastle.util.Arrays.contains(data, (byte) 0)) {
                    throw new TlsFatalAlert(AlertDescription.unrecognized_name, "unusable host_name in server_name");
                }
                return new String(data, java.nio.charset.StandardCharsets.US_ASCII);
            }
        }
        return null;
    }
}

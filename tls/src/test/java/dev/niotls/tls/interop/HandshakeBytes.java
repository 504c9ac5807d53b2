package dev.niotls.tls.interop;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds the bytes a hostile TLS peer sends: records, handshake messages, extensions and whole ClientHellos
 * or ServerHellos with chosen contents (RFC 8446 sections 4 and 5, RFC 5246 section 7.4), right or wrong on
 * purpose. Nothing here encrypts: these are the plaintext messages of the first flight.
 */
final class HandshakeBytes {
    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;
    static final int CERTIFICATE = 11;
    static final int HANDSHAKE = 22;

    static final int EXT_SERVER_NAME = 0;
    static final int EXT_TRUSTED_CA_KEYS = 3;
    static final int EXT_TRUNCATED_HMAC = 4;
    static final int EXT_SUPPORTED_GROUPS = 10;
    static final int EXT_EC_POINT_FORMATS = 11;
    static final int EXT_SIGNATURE_ALGORITHMS = 13;
    static final int EXT_STATUS_REQUEST_V2 = 17;
    static final int EXT_PADDING = 21;
    static final int EXT_ENCRYPT_THEN_MAC = 22;
    static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int EXT_KEY_SHARE = 51;
    static final int EXT_RENEGOTIATION_INFO = 0xFF01;

    static final int X25519 = 0x001D;
    static final int SECP256R1 = 0x0017;
    static final int ECDSA_SECP256R1_SHA256 = 0x0403;
    static final int ECDSA_SHA1 = 0x0203;
    static final int RSA_PSS_RSAE_SHA256 = 0x0804;

    /** An X25519 public value of a real key (RFC 7748 section 6.1, Alice's), a valid share for the test. */
    static final byte[] X25519_SHARE = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    private HandshakeBytes() {
    }

    /** Cuts {@code fragment} into records of at most 2^14 bytes, of {@code type}, version 3.{@code minor}. */
    static byte[] records(int type, int minor, byte[] fragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int offset = 0;
        do {
            int length = Math.min(16384, fragment.length - offset);
            out.write(type);
            out.write(3);
            out.write(minor);
            out.write(length >>> 8);
            out.write(length);
            out.write(fragment, offset, length);
            offset += length;
        } while (offset < fragment.length);
        return out.toByteArray();
    }

    /** A handshake message: msg_type, uint24 length, body. */
    static byte[] handshake(int type, byte[] body) {
        return concat(new byte[] {(byte) type}, uint24(body.length), body);
    }

    /** A handshake message header announcing {@code length} bytes, with only {@code body} behind it. */
    static byte[] handshakeHeader(int type, int length) {
        return concat(new byte[] {(byte) type}, uint24(length));
    }

    static byte[] extension(int type, byte[] data) {
        return concat(uint16(type), uint16(data.length), data);
    }

    /** A list with a one-byte length prefix. */
    static byte[] vector8(byte[] content) {
        return concat(new byte[] {(byte) content.length}, content);
    }

    /** A list with a two-byte length prefix. */
    static byte[] vector16(byte[] content) {
        return concat(uint16(content.length), content);
    }

    static byte[] uint16s(int... values) {
        byte[] out = new byte[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            out[2 * i] = (byte) (values[i] >>> 8);
            out[2 * i + 1] = (byte) values[i];
        }
        return out;
    }

    static byte[] uint16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    static byte[] uint24(int value) {
        return new byte[] {(byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    /**
     * A ClientHello with chosen contents. The defaults make a valid one that OpenSSL 3.0 and niotls both
     * answer with a ServerHello: TLS 1.3 and 1.2 offered, AES-GCM suites, X25519 and P-256, ECDSA and
     * RSA-PSS with SHA-256, an X25519 key share, an empty renegotiation_info (RFC 5746).
     */
    static final class ClientHello {
        private boolean tls13 = true;
        private boolean tls12 = true;
        private int[] suites;
        private int[] groups = {X25519, SECP256R1};
        private int[] signatureAlgorithms = {ECDSA_SECP256R1_SHA256, RSA_PSS_RSAE_SHA256};
        private byte[] keyShare = X25519_SHARE;
        private boolean renegotiationInfo = true;
        private byte[] compression = {0};
        private final List<byte[]> extensions = new ArrayList<>();
        private int padExtensionsTo = -1;
        private byte[] trailing = new byte[0];

        static ClientHello tls13And12() {
            return new ClientHello();
        }

        static ClientHello tls12Only() {
            ClientHello hello = new ClientHello();
            hello.tls13 = false;
            return hello;
        }

        static ClientHello tls13Only() {
            ClientHello hello = new ClientHello();
            hello.tls12 = false;
            return hello;
        }

        ClientHello suites(int... values) {
            this.suites = values;
            return this;
        }

        /** The supported_groups list (empty: a malformed extension, RFC 8422 section 5.1.1). */
        ClientHello groups(int... values) {
            this.groups = values;
            return this;
        }

        /** null: no signature_algorithms extension at all. */
        ClientHello signatureAlgorithms(int... values) {
            this.signatureAlgorithms = values;
            return this;
        }

        ClientHello keyShare(byte[] x25519Share) {
            this.keyShare = x25519Share;
            return this;
        }

        /** Without renegotiation_info (and without the SCSV): a client that predates RFC 5746. */
        ClientHello withoutRenegotiationInfo() {
            this.renegotiationInfo = false;
            return this;
        }

        ClientHello compression(byte[] methods) {
            this.compression = methods;
            return this;
        }

        /** An extension of any type and contents, after the standard ones. */
        ClientHello extension(int type, byte[] data) {
            extensions.add(HandshakeBytes.extension(type, data));
            return this;
        }

        /** A padding extension (RFC 7685) that makes the extensions block {@code length} bytes. */
        ClientHello padExtensionsTo(int length) {
            this.padExtensionsTo = length;
            return this;
        }

        /** Bytes after the extensions, inside the message. */
        ClientHello trailing(byte[] bytes) {
            this.trailing = bytes;
            return this;
        }

        int[] defaultSuites() {
            List<Integer> list = new ArrayList<>();
            if (tls13) {
                list.add(0x1301);
                list.add(0x1302);
            }
            if (tls12) {
                list.add(0xC02B);
                list.add(0xC02F);
            }
            return list.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The handshake message (header and body). */
        byte[] message() {
            ByteArrayOutputStream ext = new ByteArrayOutputStream();
            if (tls13) {
                byte[] versions = tls12 ? uint16s(0x0304, 0x0303) : uint16s(0x0304);
                ext.writeBytes(HandshakeBytes.extension(EXT_SUPPORTED_VERSIONS, vector8(versions)));
            }
            ext.writeBytes(HandshakeBytes.extension(EXT_SUPPORTED_GROUPS, vector16(uint16s(groups))));
            if (signatureAlgorithms != null) {
                ext.writeBytes(HandshakeBytes.extension(EXT_SIGNATURE_ALGORITHMS,
                        vector16(uint16s(signatureAlgorithms))));
            }
            if (tls13) {
                ext.writeBytes(HandshakeBytes.extension(EXT_KEY_SHARE,
                        vector16(concat(uint16(X25519), vector16(keyShare)))));
            }
            if (renegotiationInfo) {
                ext.writeBytes(HandshakeBytes.extension(EXT_RENEGOTIATION_INFO, new byte[] {0}));
            }
            extensions.forEach(ext::writeBytes);
            if (padExtensionsTo >= 0) {
                ext.writeBytes(HandshakeBytes.extension(EXT_PADDING, new byte[padExtensionsTo - ext.size() - 4]));
            }
            Random random = new Random(7);
            byte[] clientRandom = new byte[32];
            random.nextBytes(clientRandom);
            byte[] sessionId = new byte[32];
            random.nextBytes(sessionId);
            byte[] body = concat(new byte[] {3, 3}, clientRandom, vector8(sessionId),
                    vector16(uint16s(suites != null ? suites : defaultSuites())), vector8(compression),
                    vector16(ext.toByteArray()), trailing);
            return handshake(CLIENT_HELLO, body);
        }

        /** The message in handshake records of version 3.1, as clients send their first flight. */
        byte[] records() {
            return HandshakeBytes.records(HANDSHAKE, 1, message());
        }
    }
}

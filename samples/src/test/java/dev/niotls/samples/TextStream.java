package dev.niotls.samples;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * {@link SeededBytes} spelled as text for the stdin of openssl and gnutls-cli: each byte becomes two
 * characters from {@code '0'..'?'} (one per nibble). No letter and no line end appears, so no read
 * of stdin can start with a command letter (s_client: Q R K k; s_server: q Q r R k K c P S B) and be
 * taken for a command.
 */
final class TextStream {
    private TextStream() {
    }

    static byte[] chunk(long seed, long offset, int length) {
        byte[] chunk = new byte[length];
        for (int i = 0; i < length; i++) {
            long at = offset + i;
            int value = SeededBytes.byteAt(seed, at >>> 1) & 0xFF;
            chunk[i] = (byte) ('0' + ((at & 1) == 0 ? value >>> 4 : value & 0x0F));
        }
        return chunk;
    }

    static String sha256(long seed, long length) {
        MessageDigest sha = SeededBytes.sha256();
        for (long offset = 0; offset < length; offset += 65536) {
            sha.update(chunk(seed, offset, (int) Math.min(65536, length - offset)));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}

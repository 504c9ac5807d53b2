package dev.niotls.tls.context;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The session ticket key file, in either of two formats; the first key seals new tickets, all of them open
 * tickets (README, "Session tickets").
 *
 * <ul>
 *   <li><b>Text</b>: one key per line, {@code NAME SECRET} in hex: a 16-byte name (32 hex digits) and a 32-byte
 *       secret (64 hex digits), separated by white space; {@code #} starts a comment, blank lines are ignored.
 *       Make a line with {@code echo $(openssl rand -hex 16) $(openssl rand -hex 32)}.</li>
 *   <li><b>nginx binary</b>: one or more 80-byte keys as nginx's {@code ssl_session_ticket_key} reads them
 *       ({@code openssl rand 80 > ticket.key}): a 16-byte name, then 64 bytes of secret (nginx's HMAC and AES
 *       halves, both fed to niotls's key derivation). niotls seals its own tickets with AES-256-GCM, so it shares
 *       the key file with nginx, not the tickets.</li>
 * </ul>
 * A file is text when every byte is printable ASCII or white space (80 random bytes practically never are).
 */
final class TicketKeyFileFormat {
    static final int NGINX_KEY_LENGTH = 80;

    private TicketKeyFileFormat() {
    }

    /** The keys of {@code content}, or IllegalArgumentException naming the problem ({@code where}: the file). */
    static List<TicketKey> parse(byte[] content, String where) {
        List<TicketKey> keys;
        if (isText(content)) {
            keys = parseLines(new String(content, StandardCharsets.US_ASCII), where);
        } else if (content.length % NGINX_KEY_LENGTH == 0) {
            keys = parseNginx(content);
        } else {
            throw new IllegalArgumentException(where + ": not a session ticket key file (" + content.length
                    + " bytes): expected lines of \"NAME SECRET\" in hex (32 and 64 digits), or 80-byte binary "
                    + "keys as for nginx's ssl_session_ticket_key");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(where + ": no session ticket key in the file");
        }
        Set<String> names = new HashSet<>();
        for (TicketKey key : keys) {
            if (!names.add(key.hexName())) {
                throw new IllegalArgumentException(where + ": the key name " + key.hexName() + " appears twice");
            }
        }
        return keys;
    }

    private static boolean isText(byte[] content) {
        for (byte b : content) {
            boolean printable = b >= 0x20 && b < 0x7f;
            if (!printable && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static List<TicketKey> parseLines(String text, String where) {
        List<TicketKey> keys = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int comment = line.indexOf('#');
            line = (comment >= 0 ? line.substring(0, comment) : line).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String at = where + " line " + (i + 1) + ": ";
            if (fields.length != 2) {
                throw new IllegalArgumentException(at + "expected \"NAME SECRET\" (two hex fields), found "
                        + fields.length + " fields");
            }
            byte[] name = hex(fields[0], TicketKey.NAME_LENGTH, at + "the name");
            byte[] secret = hex(fields[1], TicketKey.SECRET_LENGTH, at + "the secret");
            try {
                keys.add(new TicketKey(name, secret, 0));
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        return keys;
    }

    private static byte[] hex(String field, int length, String what) {
        if (field.length() != 2 * length) {
            throw new IllegalArgumentException(what + " must be " + 2 * length + " hex digits (" + length
                    + " bytes), not " + field.length());
        }
        try {
            return HexFormat.of().parseHex(field);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not hex", e);
        }
    }

    private static List<TicketKey> parseNginx(byte[] content) {
        List<TicketKey> keys = new ArrayList<>();
        for (int offset = 0; offset < content.length; offset += NGINX_KEY_LENGTH) {
            byte[] name = Arrays.copyOfRange(content, offset, offset + TicketKey.NAME_LENGTH);
            byte[] secret = Arrays.copyOfRange(content, offset + TicketKey.NAME_LENGTH, offset + NGINX_KEY_LENGTH);
            try {
                keys.add(new TicketKey(name, secret, 0));
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        return keys;
    }
}

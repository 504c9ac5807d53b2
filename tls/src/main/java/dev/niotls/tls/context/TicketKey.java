package dev.niotls.tls.context;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One session ticket key: a 16-byte name, carried in clear at the head of every ticket it seals so that the
 * right key is found without trial decryption (RFC 5077 section 4's {@code key_name}), and the AES-256-GCM key
 * derived from its secret.
 *
 * <p>The AES key is HMAC-SHA256(secret, "niotls session ticket AES-256-GCM"): a 32-byte secret from a key file
 * line or all 64 bytes of an nginx key file's HMAC and AES halves feed it, so both formats give a full-strength
 * key and neither half of an nginx key is used raw.
 */
final class TicketKey {
    static final int NAME_LENGTH = 16;
    static final int SECRET_LENGTH = 32;
    private static final byte[] LABEL = "niotls session ticket AES-256-GCM".getBytes(StandardCharsets.US_ASCII);

    private final byte[] name;
    private final SecretKeySpec aesKey;
    /** When this key was made (in-memory keys) or loaded (file keys), epoch milliseconds. */
    final long createdMillis;

    TicketKey(byte[] name, byte[] secret, long createdMillis) {
        if (name.length != NAME_LENGTH) {
            throw new IllegalArgumentException("a ticket key name has " + NAME_LENGTH + " bytes, not " + name.length);
        }
        this.name = name.clone();
        this.aesKey = new SecretKeySpec(derive(secret), "AES");
        this.createdMillis = createdMillis;
    }

    /** A fresh random key (in-memory rotation). */
    static TicketKey random(SecureRandom random, long nowMillis) {
        byte[] name = new byte[NAME_LENGTH];
        byte[] secret = new byte[SECRET_LENGTH];
        random.nextBytes(name);
        random.nextBytes(secret);
        try {
            return new TicketKey(name, secret, nowMillis);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] derive(byte[] secret) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return hmac.doFinal(LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    SecretKeySpec aesKey() {
        return aesKey;
    }

    /** Whether {@code ticket} starts with this key's name. */
    boolean names(byte[] ticket) {
        return ticket.length >= NAME_LENGTH
                && Arrays.equals(name, 0, NAME_LENGTH, ticket, 0, NAME_LENGTH);
    }

    void writeName(byte[] ticket) {
        System.arraycopy(name, 0, ticket, 0, NAME_LENGTH);
    }

    /** The name in hex: what logs and the key file show (never the secret). */
    String hexName() {
        return HexFormat.of().formatHex(name);
    }

    @Override
    public String toString() {
        return "ticket key " + hexName();
    }
}

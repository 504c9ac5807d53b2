package dev.niotls.tls.context;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens session tickets with AES-256-GCM through the JDK (its AES-GCM intrinsics). A ticket is
 *
 * <pre>
 *   key_name[16] | nonce[12] | AES-256-GCM(state) with its 16-byte tag
 * </pre>
 *
 * with the key name as additional data: the layout of RFC 5077 section 4's recommendation, an AEAD in place of
 * AES-CBC plus HMAC. Nonces are random (servers sharing a key cannot share a counter), so one key should seal
 * well under 2^32 tickets (NIST SP 800-38D section 8.3): rotate keys long before that.
 *
 * <p>Opening never throws: a ticket that is truncated, names no key we hold, or fails authentication gives null,
 * and the handshake falls back to a full one. One {@code Cipher} per thread, no provider look-up per ticket.
 */
final class TicketSealer {
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    static final int OVERHEAD = TicketKey.NAME_LENGTH + NONCE_LENGTH + TAG_LENGTH;
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(TicketSealer::newCipher);

    private final SecureRandom random;

    TicketSealer(SecureRandom random) {
        this.random = random;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is missing from this JDK", e);
        }
    }

    /** The ticket sealing {@code state} under {@code key}. */
    byte[] seal(TicketKey key, byte[] state) {
        byte[] ticket = new byte[OVERHEAD + state.length];
        key.writeName(ticket);
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, ticket, TicketKey.NAME_LENGTH, NONCE_LENGTH);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(ticket, 0, TicketKey.NAME_LENGTH);
            cipher.doFinal(state, 0, state.length, ticket, TicketKey.NAME_LENGTH + NONCE_LENGTH);
            return ticket;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a session ticket failed", e);
        }
    }

    /** The state inside {@code ticket}, or null if no key of {@code keys} opens it. */
    static byte[] open(TicketKeySet keys, byte[] ticket) {
        if (ticket == null || ticket.length <= OVERHEAD) {
            return null;
        }
        TicketKey key = keys.find(ticket);
        if (key == null) {
            return null;
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key.aesKey(),
                    new GCMParameterSpec(TAG_LENGTH * 8, ticket, TicketKey.NAME_LENGTH, NONCE_LENGTH));
            cipher.updateAAD(ticket, 0, TicketKey.NAME_LENGTH);
            int offset = TicketKey.NAME_LENGTH + NONCE_LENGTH;
            return cipher.doFinal(ticket, offset, ticket.length - offset);
        } catch (GeneralSecurityException e) {
            return null; // AEADBadTagException: tampered, or sealed by another key of the same name
        }
    }
}

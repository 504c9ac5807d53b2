package dev.niotls.tls.context;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;

/**
 * Peer chains that one {@link PeerVerifier} found a trusted path for, by the SHA-256 of their encodings, with the
 * chain parsed once: a client reconnecting to one server, or a server's mutual-TLS clients, send the same bytes each
 * time, and the PKIX path (signature checks of every issuer on the JDK) and the parse are the costliest part of a
 * handshake after the curves (issue 11). OpenSSL has no such cache; its verification is cheaper.
 *
 * <p>What a verifier decides for the same bytes changes only with the date: its trusted set is fixed, revocation is
 * not checked by PKIX here (OCSP stapling is checked per handshake by {@link OcspCheck}), and everything else
 * (purpose, name) is checked per handshake by the caller. So an entry holds until the earliest notAfter of the chain
 * and no later; a failure is never kept. Bounded: a full cache drops an arbitrary entry for a new one.
 */
final class VerifiedChains {
    static final int MAX_CHAINS = 256;

    private final ConcurrentHashMap<Key, Entry> chains = new ConcurrentHashMap<>();

    /** The parsed chain if {@code encodings} was verified and no certificate of it has expired at {@code now}. */
    List<X509Certificate> get(Key key, long now) {
        Entry entry = chains.get(key);
        if (entry == null) {
            return null;
        }
        if (now > entry.notAfter) {
            chains.remove(key, entry);
            return null;
        }
        return entry.chain;
    }

    /**
     * Remembers that {@code chain} (parsed from the encodings {@code key} was made of) has a trusted path; returns the
     * unmodifiable copy kept, which every later hit returns.
     */
    List<X509Certificate> put(Key key, List<X509Certificate> chain) {
        long notAfter = Long.MAX_VALUE;
        for (X509Certificate certificate : chain) {
            notAfter = Math.min(notAfter, certificate.getNotAfter().getTime());
        }
        while (chains.size() >= MAX_CHAINS) {
            Iterator<Key> any = chains.keySet().iterator();
            if (!any.hasNext()) {
                break;
            }
            chains.remove(any.next());
        }
        Entry entry = new Entry(List.copyOf(chain), notAfter);
        chains.put(key, entry);
        return entry.chain;
    }

    int size() {
        return chains.size();
    }

    /** The SHA-256 of the chain's encodings, each preceded by its length (no two chains share a byte sequence). */
    static Key key(byte[][] encodings) {
        MessageDigest digest = JdkDigests.newMessageDigest(CryptoHashAlgorithm.sha256);
        for (byte[] encoding : encodings) {
            int length = encoding.length;
            digest.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                    (byte) length});
            digest.update(encoding);
        }
        return new Key(digest.digest());
    }

    static final class Key {
        private final byte[] digest;
        private final int hash;

        private Key(byte[] digest) {
            this.digest = digest;
            this.hash = Arrays.hashCode(digest);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && MessageDigest.isEqual(((Key) other).digest, digest);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A verified chain, and the earliest notAfter of its certificates in milliseconds. */
    private record Entry(List<X509Certificate> chain, long notAfter) {
    }
}

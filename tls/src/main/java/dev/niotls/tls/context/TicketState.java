package dev.niotls.tls.context;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * What a TLS 1.2 session ticket carries, in the clear before sealing: everything Bouncy Castle's
 * {@link SessionParameters} needs to resume, the SNI name the session was made under, and when it was issued.
 *
 * <pre>
 *   u8  format (1)            u64 issued, epoch ms       u16 protocol version    u16 cipher suite
 *   u8  flags (1: extended master secret)                opaque master_secret&lt;1..255&gt;
 *   opaque server_name&lt;0..2^16-1&gt; (UTF-8; empty: none)
 *   u16 extension count, each u16 type, opaque data&lt;0..2^16-1&gt;
 *   u16 peer certificate count, each opaque DER&lt;1..2^24-1&gt; (u32 length), leaf first
 * </pre>
 *
 * Only the ServerHello extensions a resumption repeats are kept (max_fragment_length, truncated_hmac,
 * ec_point_formats, encrypt_then_mac); Bouncy Castle negotiates ALPN, EMS and renegotiation_info afresh.
 * Wall-clock time, not {@code nanoTime}: the ticket may be opened by another process on another machine.
 */
final class TicketState {
    private static final int FORMAT = 1;
    private static final int FLAG_EXTENDED_MASTER_SECRET = 1;
    private static final int[] RESUMED_EXTENSIONS = {ExtensionType.max_fragment_length, ExtensionType.truncated_hmac,
        ExtensionType.ec_point_formats, ExtensionType.encrypt_then_mac};

    final long issuedMillis;
    final ProtocolVersion version;
    final int cipherSuite;
    final boolean extendedMasterSecret;
    private final byte[] masterSecret;
    final String serverName;
    private final Hashtable<Integer, byte[]> serverExtensions;
    private final List<byte[]> peerCertificates;

    TicketState(long issuedMillis, ProtocolVersion version, int cipherSuite, boolean extendedMasterSecret,
            byte[] masterSecret, String serverName, Hashtable<Integer, byte[]> serverExtensions,
            List<byte[]> peerCertificates) {
        this.issuedMillis = issuedMillis;
        this.version = version;
        this.cipherSuite = cipherSuite;
        this.extendedMasterSecret = extendedMasterSecret;
        this.masterSecret = masterSecret;
        this.serverName = serverName;
        this.serverExtensions = serverExtensions;
        this.peerCertificates = peerCertificates;
    }

    /**
     * The state of a handshake that is about to complete (Bouncy Castle asks for the ticket after the client's
     * Finished). The master secret is copied: {@code extract()} on Bouncy Castle's own would destroy it.
     */
    @SuppressWarnings("rawtypes")
    static TicketState of(SecurityParameters parameters, TlsCrypto crypto, Hashtable serverExtensions,
            String serverName, long nowMillis) throws IOException {
        Hashtable<Integer, byte[]> kept = new Hashtable<>();
        for (int type : RESUMED_EXTENSIONS) {
            Object data = serverExtensions == null ? null : serverExtensions.get(type);
            if (data != null) {
                kept.put(type, (byte[]) data);
            }
        }
        List<byte[]> chain = new ArrayList<>();
        Certificate peer = parameters.getPeerCertificate();
        for (int i = 0; peer != null && i < peer.getLength(); i++) {
            chain.add(peer.getCertificateAt(i).getEncoded());
        }
        byte[] secret = crypto.adoptSecret(parameters.getMasterSecret()).extract();
        return new TicketState(nowMillis, parameters.getNegotiatedVersion(), parameters.getCipherSuite(),
                parameters.isExtendedMasterSecret(), secret, serverName, kept, chain);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(issuedMillis);
            out.writeByte(version.getMajorVersion());
            out.writeByte(version.getMinorVersion());
            out.writeShort(cipherSuite);
            out.writeByte(extendedMasterSecret ? FLAG_EXTENDED_MASTER_SECRET : 0);
            out.writeByte(masterSecret.length);
            out.write(masterSecret);
            byte[] name = serverName == null ? new byte[0] : serverName.getBytes(StandardCharsets.UTF_8);
            out.writeShort(name.length);
            out.write(name);
            out.writeShort(serverExtensions.size());
            for (var extension : serverExtensions.entrySet()) {
                out.writeShort(extension.getKey());
                out.writeShort(extension.getValue().length);
                out.write(extension.getValue());
            }
            out.writeShort(peerCertificates.size());
            for (byte[] certificate : peerCertificates) {
                out.writeInt(certificate.length);
                out.write(certificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** The state in {@code bytes}, or null if they are not a well-formed state of this format. */
    static TicketState decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != FORMAT) {
                return null;
            }
            long issued = in.getLong();
            ProtocolVersion version = ProtocolVersion.get(in.get() & 0xff, in.get() & 0xff);
            int cipherSuite = in.getShort() & 0xffff;
            boolean ems = (in.get() & FLAG_EXTENDED_MASTER_SECRET) != 0;
            byte[] secret = take(in, in.get() & 0xff);
            byte[] name = take(in, in.getShort() & 0xffff);
            Hashtable<Integer, byte[]> extensions = new Hashtable<>();
            for (int count = in.getShort() & 0xffff; count > 0; count--) {
                int type = in.getShort() & 0xffff;
                extensions.put(type, take(in, in.getShort() & 0xffff));
            }
            List<byte[]> chain = new ArrayList<>();
            for (int count = in.getShort() & 0xffff; count > 0; count--) {
                chain.add(take(in, in.getInt()));
            }
            if (in.hasRemaining() || secret.length == 0) {
                return null;
            }
            String serverName = name.length == 0 ? null : new String(name, StandardCharsets.UTF_8);
            return new TicketState(issued, version, cipherSuite, ems, secret, serverName, extensions, chain);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] take(ByteBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** Bouncy Castle's session parameters for this state; null if a peer certificate does not parse. */
    SessionParameters sessionParameters(TlsCrypto crypto) {
        Certificate peer = null;
        try {
            if (!peerCertificates.isEmpty()) {
                TlsCertificate[] chain = new TlsCertificate[peerCertificates.size()];
                for (int i = 0; i < chain.length; i++) {
                    chain[i] = crypto.createCertificate(peerCertificates.get(i));
                }
                peer = new Certificate(chain);
            }
            return new SessionParameters.Builder()
                    .setNegotiatedVersion(version)
                    .setCipherSuite(cipherSuite)
                    .setExtendedMasterSecret(extendedMasterSecret)
                    .setMasterSecret(crypto.createSecret(masterSecret))
                    .setPeerCertificate(peer)
                    .setServerExtensions(serverExtensions)
                    .build();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Overwrites the master secret's bytes (a copy lives on in Bouncy Castle's session, as for the cache). */
    void destroy() {
        Arrays.fill(masterSecret, (byte) 0);
    }

    boolean hasPeerCertificate() {
        return !peerCertificates.isEmpty();
    }
}

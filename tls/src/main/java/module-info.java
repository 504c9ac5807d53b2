/**
 * OpenSSL-style non-blocking TLS over Bouncy Castle ({@code SSL_read}, {@code SSL_write},
 * {@code SSL_get_error} on any {@link dev.niotls.tls.bio.Bio}), and TLS on the reactor.
 *
 * <p>Exported are the packages users write code against; the Bouncy Castle glue ({@code engine},
 * {@code context}), the TLS 1.3 record layer ({@code record}) and the JFR hooks ({@code events}) are not:
 * their types may change in any release.
 */
module dev.niotls.tls {
    // TlsServer, TlsClient and TlsChannel take and return the reactor's EventLoopGroup, EventLoop and
    // options, so whoever reads this module reads the reactor too.
    requires transitive dev.niotls.reactor;

    // Bouncy Castle 1.84: the TLS protocol (bctls), its crypto and the JCA provider (bcprov), certificate
    // paths and OCSP (bcpkix), ASN.1 helpers (bcutil).
    requires org.bouncycastle.tls;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;

    // context/HostNames reads a certificate's subject with javax.naming.ldap.LdapName (RFC 6125 CN fallback).
    requires java.naming;
    // tls.reactor.ServerMBean: a server's counters as a platform MXBean, when TlsServerOptions asks for it.
    requires java.management;
    // events: the dev.niotls.* JFR events (Handshake, Alert, KeyUpdate, ConnectionClosed, LoopWants).
    requires jdk.jfr;

    // TlsContext, TlsConnection, TlsError, TlsOption, TlsMode, TlsException, TlsReason:
    // the OpenSSL-twin API (SSL_CTX, SSL, SSL_get_error codes).
    exports dev.niotls.tls;
    // Bio and its kinds (SocketBio, MemoryBio, BioPair): what a TlsConnection reads and writes, OpenSSL's BIO;
    // and BufferAllocator, where its buffers come from (the engine below the API uses it too).
    exports dev.niotls.tls.bio;
    // ChannelDriver: the retry loop of SPEC section 7 for one connection under any select() loop, java.nio and
    // this module's API only. Exported for people who run their own Selector loop: it is the supported way to
    // drive a TlsConnection without the reactor (tls.reactor and the tests' selector loop use it the same way).
    exports dev.niotls.tls.loop;
    // TLS on the reactor: TlsServer, TlsClient, TlsHandler, TlsChannel, options, counters, the MXBean
    // interface (java.management must see it to serve it).
    exports dev.niotls.tls.reactor;
    // Not exported:
    // - engine, context: the Bouncy Castle peers and protocol drivers behind TlsConnection and TlsContext.
    // - record: the niotls TLS 1.3 record layer that takes over from Bouncy Castle after the handshake.
    // - events: the JFR events and their hooks. Users consume them by event name (dev.niotls.Handshake ...,
    //   see niotls.jfc) through a recording; no type of the package is in a public signature, and the
    //   observer is made by TlsConnection, never passed in.
}

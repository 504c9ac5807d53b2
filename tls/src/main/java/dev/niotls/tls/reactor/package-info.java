/**
 * TLS connections on the reactor: {@link dev.niotls.tls.reactor.TlsServer} and
 * {@link dev.niotls.tls.reactor.TlsClient} put {@link dev.niotls.tls.TlsConnection}s on an
 * {@link dev.niotls.reactor.EventLoopGroup}, drive them with the retry loop of SPEC section 7, and
 * talk to the application through {@link dev.niotls.tls.reactor.TlsHandler} and
 * {@link dev.niotls.tls.reactor.TlsChannel}. Timeouts run on the loops' timers, buffers come from a
 * pool per loop, and {@link dev.niotls.tls.reactor.TlsCounters} tells what happened.
 */
package dev.niotls.tls.reactor;

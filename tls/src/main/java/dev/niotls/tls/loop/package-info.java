/**
 * The select()-driven retry loop of SPEC section 7, written once: {@link dev.niotls.tls.loop.ChannelDriver}
 * drives one connection ({@link dev.niotls.tls.Link}, which {@link dev.niotls.tls.TlsConnection} implements) through its handshake, write, read and close
 * passes and says which interest ops to set and whether to serve the connection again. It knows
 * java.nio and the {@code dev.niotls.tls} API only: the reactor, the bench's load generator and the
 * tests' selector loop all put it under their own loop. {@code samples/RetryLoop} is the same loop
 * spelled out for people who port it.
 */
package dev.niotls.tls.loop;

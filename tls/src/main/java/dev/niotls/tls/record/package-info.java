/**
 * The TLS 1.3 record layer niotls runs itself once Bouncy Castle has completed a handshake (SPEC section 10,
 * the split kTLS made standard and rustls exposes with {@code dangerous_extract_secrets()}).
 *
 * <ul>
 *   <li>{@link dev.niotls.tls.record.Tls13Engine}: the {@code Engine} a connection switches to at the hand-off
 *       ({@code takeOver}); what a record carries after the handshake (application data, KeyUpdate,
 *       NewSessionTicket, alerts) and the alerts it answers with.</li>
 *   <li>{@link dev.niotls.tls.record.RecordLayer}: records only: the encrypter and decrypter, both sequence
 *       numbers, the key-update-due decision (RFC 8446 sections 5.2-5.5).</li>
 *   <li>{@code TrafficKeys} (one direction's secret, key, IV, sequence), {@code KeySchedule} (HKDF-Expand-Label
 *       over a per-thread {@code Mac}), {@link dev.niotls.tls.record.RecordAead} and {@code JdkAead} (the JDK's
 *       AES-GCM and ChaCha20-Poly1305, one {@code Cipher} per thread and direction), {@code
 *       PostHandshakeMessages} (handshake messages cut out of records, with the framing rules of section 5.1),
 *       {@code NewSessionTicket} (checked, dropped).</li>
 * </ul>
 * Users never import this package.
 */
package dev.niotls.tls.record;

package dev.niotls.tls.context;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Host-name and IP-address matching against a certificate: OpenSSL's {@code X509_check_host} and
 * {@code X509_check_ip_asc} (what {@code SSL_set1_host} arms), following RFC 6125.
 */
final class HostNames {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostNames() {
    }

    /** Whether {@code name} is an IP literal (then it is checked against SAN IP entries and never sent as SNI). */
    public static boolean isIpLiteral(String name) {
        return IPV4.matcher(name).matches() || name.indexOf(':') >= 0;
    }

    /**
     * Whether {@code certificate} is valid for {@code name}: SAN IP entries for an IP literal; SAN DNS entries
     * otherwise, with the subject CN consulted only when there is no DNS entry at all (OpenSSL's default, without
     * {@code X509_CHECK_FLAG_NEVER_CHECK_SUBJECT}).
     */
    public static boolean certificateMatches(X509Certificate certificate, String name) {
        if (isIpLiteral(name)) {
            byte[] wanted = ipBytes(name);
            return wanted != null && sanValues(certificate, SAN_IP).stream()
                    .map(HostNames::ipBytes)
                    .anyMatch(ip -> ip != null && java.util.Arrays.equals(ip, wanted));
        }
        return matchesAny(dnsNamesOf(certificate), name);
    }

    /** The DNS names a certificate serves: its SAN DNS entries, or its subject CN when it has none. */
    static Set<String> dnsNamesOf(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>(sanValues(certificate, SAN_DNS));
        if (names.isEmpty() && sanValues(certificate, SAN_IP).isEmpty()) {
            String commonName = commonName(certificate);
            if (commonName != null) {
                names.add(commonName);
            }
        }
        return names;
    }

    static boolean matchesAny(Set<String> patterns, String name) {
        if (name == null) {
            return false;
        }
        String host = normalize(name);
        for (String pattern : patterns) {
            if (matches(normalize(pattern), host)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 6125 6.4.3: a wildcard only as the whole left-most label, matching exactly one label. */
    private static boolean matches(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(host);
        }
        String suffix = pattern.substring(1);
        int firstDot = host.indexOf('.');
        // "*.example.com" must not match "example.com" nor "a.b.example.com"; at least two labels after it.
        return firstDot > 0 && host.substring(firstDot).equals(suffix) && suffix.indexOf('.', 1) > 0;
    }

    private static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static List<String> sanValues(X509Certificate certificate, int type) {
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries == null) {
                return List.of();
            }
            return entries.stream()
                    .filter(entry -> ((Integer) entry.get(0)) == type && entry.get(1) instanceof String)
                    .map(entry -> (String) entry.get(1))
                    .toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String commonName(X509Certificate certificate) {
        try {
            LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName());
            for (Rdn rdn : subject.getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    /** Parses an IP literal without any DNS lookup (InetAddress.getByName resolves only non-literals). */
    static byte[] ipBytes(String literal) {
        String bare = literal.startsWith("[") && literal.endsWith("]")
                ? literal.substring(1, literal.length() - 1) : literal;
        if (!isIpLiteral(bare)) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}

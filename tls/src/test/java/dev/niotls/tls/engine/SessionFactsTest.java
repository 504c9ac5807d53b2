package dev.niotls.tls.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.SecurityParameters;
import org.junit.jupiter.api.Test;

/** Cipher suite names from Bouncy Castle's constants, and hex for a suite it does not name, whatever the order of calls. */
class SessionFactsTest {
    @Test
    void suiteNamesStayRightWhenSuitesAlternate() throws Exception {
        int[] suites = {CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384,
            CipherSuite.TLS_AES_128_GCM_SHA256, 0x7A7A, CipherSuite.TLS_AES_128_GCM_SHA256};
        String[] names = {"TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "0x7A7A",
            "TLS_AES_128_GCM_SHA256"};
        for (int i = 0; i < suites.length; i++) {
            assertEquals(names[i], SessionFacts.cipherSuite(parameters(suites[i])), "suite " + i);
        }
    }

    /** Bouncy Castle sets the suite itself during a handshake; the field is package-private. */
    private static SecurityParameters parameters(int suite) throws Exception {
        SecurityParameters parameters = new SecurityParameters();
        Field field = SecurityParameters.class.getDeclaredField("cipherSuite");
        field.setAccessible(true);
        field.setInt(parameters, suite);
        return parameters;
    }
}

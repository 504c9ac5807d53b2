package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.testing.Pump;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointUtil;
import org.bouncycastle.math.ec.PreCompInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's P-256 signing key reuses Bouncy Castle's fixed-point comb table of the base point (issue 11, item 4):
 * the key is converted to BC's form once per identity, its domain's base point is the curve's one shared object,
 * and the comb table hung on that point by the first signature is the one every later handshake uses.
 */
@Timeout(60)
class SignerTablesTest {

    @Test
    void combTableOfTheBasePointIsBuiltOnceAndReused() throws Exception {
        Identity identity = SelfSigned.generate(List.of("localhost"));
        ECPrivateKeyParameters key = (ECPrivateKeyParameters) identity.lightweightKey();
        assertSame(key, identity.lightweightKey(), "the BC key is converted once per identity");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "secret".toCharArray();
        store.setKeyEntry("server", identity.privateKey(), password,
                identity.chain().toArray(new Certificate[0]));
        TlsContext server = TlsContext.server().keyStore(store, password).protocols("TLSv1.3").build();
        TlsContext client = TlsContext.client().trust(identity.chain().get(0)).serverName("localhost")
                .protocols("TLSv1.3").build();

        handshake(server, client);
        ECPoint g = key.getParameters().getG();
        PreCompInfo first = g.getCurve().getPreCompInfo(g, FixedPointUtil.PRECOMP_NAME);
        assertNotNull(first, "the server's signature used the comb table of this very base point");
        handshake(server, client);
        handshake(server, client);
        assertSame(first, g.getCurve().getPreCompInfo(g, FixedPointUtil.PRECOMP_NAME), "the table was rebuilt");
    }

    private static void handshake(TlsContext server, TlsContext client) {
        BioPair pair = BioPair.create(20_000, 20_000);
        TlsConnection c = client.newConnection(pair.first());
        TlsConnection s = server.newConnection(pair.second());
        c.setConnectState();
        s.setAcceptState();
        new Pump(c, s).handshake();
    }
}

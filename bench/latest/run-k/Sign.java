// Session 7: Bouncy Castle 1.84 curve work of one full handshake, one thread, no TLS around it.
// javac -cp bcprov-jdk18on-1.84.jar Sign.java; taskset -c 0 java -cp bcprov-jdk18on-1.84.jar:. Sign sign|xgen|xagree|xboth|all SECONDS
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.*;
import org.bouncycastle.crypto.signers.*;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.asn1.x9.*;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.rfc7748.X25519;
public class Sign {
  public static void main(String[] a) throws Exception {
    X9ECParameters x9 = CustomNamedCurves.getByName("P-256");
    ECDomainParameters dom = new ECDomainParameters(x9);
    ECKeyPairGenerator g = new ECKeyPairGenerator(); g.init(new ECKeyGenerationParameters(dom, new SecureRandom()));
    ECPrivateKeyParameters priv = (ECPrivateKeyParameters) g.generateKeyPair().getPrivate();
    byte[] h = new byte[32]; new SecureRandom().nextBytes(h);
    SecureRandom r = new SecureRandom();
    byte[] k1 = new byte[32], k2 = new byte[32], pub = new byte[32], sh = new byte[32];
    r.nextBytes(k2); X25519.generatePublicKey(k2,0,pub,0);
    String mode = a[0]; int secs = Integer.parseInt(a[1]);
    for (int round = 0; round < secs; round++) {
      long end = System.nanoTime() + 1_000_000_000L; int n = 0;
      while (System.nanoTime() < end) {
        if (mode.equals("sign")) {
          ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
          s.init(true, priv); s.generateSignature(h); h[0]++;
        } else if (mode.equals("xgen")) {
          r.nextBytes(k1); X25519.generatePublicKey(k1,0,pub,0);
        } else if (mode.equals("all")) {
          r.nextBytes(k1); X25519.generatePublicKey(k1,0,pub,0); X25519.calculateAgreement(k1,0,pub,0,sh,0);
          ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
          s.init(true, priv); s.generateSignature(h); h[0]++;
        } else if (mode.equals("xboth")) {
          r.nextBytes(k1); X25519.generatePublicKey(k1,0,pub,0); X25519.calculateAgreement(k1,0,pub,0,sh,0);
        } else if (mode.equals("xagree")) {
          k1[0]++; X25519.calculateAgreement(k1,0,pub,0,sh,0);
        }
        n++;
      }
      System.out.println(mode + " " + n + "/s  " + (1e6/n) + " us");
    }
  }
}

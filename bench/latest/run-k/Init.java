// Session 7: what a key change costs the JDK's AES-GCM: one Cipher, 100-byte records, the key of every record the
// same (keys=1) or one of 100 in turn (keys=100, as SPEC L3's one cipher per loop under 100 connections).
// javac Init.java; taskset -c 0 java Init 1|100
import javax.crypto.*;
import javax.crypto.spec.*;
public class Init {
  public static void main(String[] a) throws Exception {
    int keys = Integer.parseInt(a[0]);
    SecretKey[] k = new SecretKey[keys];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < keys; i++) { byte[] b = new byte[16]; r.nextBytes(b); k[i] = new SecretKeySpec(b, "AES"); }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] buf = new byte[200]; byte[] nonce = new byte[12];
    for (int round = 0; round < 6; round++) {
      long end = System.nanoTime() + 1_000_000_000L; int n = 0;
      while (System.nanoTime() < end) {
        nonce[0]++; nonce[1] += (nonce[0] == 0 ? 1 : 0); nonce[2] = (byte) n; nonce[3] = (byte) (n >> 8); nonce[4] = (byte)(n>>16);
        c.init(Cipher.ENCRYPT_MODE, k[n % keys], new GCMParameterSpec(128, nonce));
        c.updateAAD(buf, 0, 5);
        c.doFinal(buf, 5, 100, buf, 5);
        n++;
      }
      System.out.println("keys=" + keys + " " + (1e9 / n) + " ns per 100-byte record");
    }
  }
}

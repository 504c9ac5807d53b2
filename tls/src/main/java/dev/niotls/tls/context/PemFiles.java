package dev.niotls.tls.context;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMDecryptorProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * PEM input and output: OpenSSL's {@code PEM_read_bio_X509}, {@code PEM_read_bio_PrivateKey} (PKCS#8
 * "PRIVATE KEY", traditional "RSA/EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" and DEK-Info encrypted traditional
 * keys) and {@code PEM_write_bio_X509}. Every failure is an {@link IllegalArgumentException} naming the file and
 * the problem, because these run inside {@code TlsContext.Builder.build()}.
 */
public final class PemFiles {
    /**
     * Decrypting keys needs PBES2/PBKDF2 and the legacy OpenSSL ciphers in every variant; a private instance of
     * the Bouncy Castle provider does that without registering it globally (the TLS crypto stays on the JDK's).
     */
    private static final BouncyCastleProvider DECRYPTION_PROVIDER = new BouncyCastleProvider();

    private PemFiles() {
    }

    /** Every CERTIFICATE block of {@code file}, in file order (leaf first for a chain file). */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(reader(file))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder) {
                    certificates.add(converter.getCertificate((X509CertificateHolder) object));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(file + ": unreadable certificate file: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(file + ": no CERTIFICATE found");
        }
        return certificates;
    }

    /** The first private key of {@code file}; {@code password} is needed only for an encrypted one. */
    public static PrivateKey readPrivateKey(Path file, char[] password) {
        try (PEMParser parser = new PEMParser(reader(file))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                PrivateKeyInfo keyInfo = keyInfoOf(object, password, file);
                if (keyInfo != null) {
                    return new JcaPEMKeyConverter().getPrivateKey(keyInfo);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": unreadable key file: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + ": no PRIVATE KEY found");
    }

    private static PrivateKeyInfo keyInfoOf(Object object, char[] password, Path file) throws IOException {
        if (object instanceof PrivateKeyInfo) {
            return (PrivateKeyInfo) object;
        }
        if (object instanceof PEMKeyPair) {
            return ((PEMKeyPair) object).getPrivateKeyInfo();
        }
        if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
            return decrypt((PKCS8EncryptedPrivateKeyInfo) object, requirePassword(password, file), file);
        }
        if (object instanceof PEMEncryptedKeyPair) {
            return decrypt((PEMEncryptedKeyPair) object, requirePassword(password, file), file);
        }
        return null;
    }

    private static char[] requirePassword(char[] password, Path file) {
        if (password == null) {
            throw new IllegalArgumentException(file + ": the private key is encrypted and no password was given");
        }
        return password;
    }

    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, char[] password, Path file) {
        try {
            InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(DECRYPTION_PROVIDER).build(password);
            return encrypted.decryptPrivateKeyInfo(decryptor);
        } catch (OperatorCreationException | PKCSException e) {
            throw wrongPassword(file, e);
        }
    }

    private static PrivateKeyInfo decrypt(PEMEncryptedKeyPair encrypted, char[] password, Path file) {
        try {
            PEMDecryptorProvider decryptor = new JcePEMDecryptorProviderBuilder()
                    .setProvider(DECRYPTION_PROVIDER).build(password);
            return encrypted.decryptKeyPair(decryptor).getPrivateKeyInfo();
        } catch (IOException e) {
            throw wrongPassword(file, e);
        }
    }

    private static IllegalArgumentException wrongPassword(Path file, Exception cause) {
        return new IllegalArgumentException(file + ": cannot decrypt the private key (wrong password?): "
                + cause.getMessage(), cause);
    }

    /** Writes {@code certificates} as consecutive CERTIFICATE blocks ({@code PEM_write_bio_X509}). */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) {
        write(file, certificates);
    }

    /** The PEM text of {@code objects} (certificates, keys, PKCS#8 generators). */
    static String toPem(List<?> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                if (object instanceof org.bouncycastle.util.io.pem.PemObjectGenerator) {
                    writer.writeObject((org.bouncycastle.util.io.pem.PemObjectGenerator) object);
                } else {
                    writer.writeObject(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(Path file, List<?> objects) {
        try {
            Files.writeString(file, toPem(objects), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Reader reader(Path file) {
        try {
            return Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": unreadable file: " + e, e);
        }
    }

}

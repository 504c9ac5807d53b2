package dev.niotls.tls.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The openssl command line for the operations tests: certificates, a CA with an index, OCSP, s_server, s_client. */
public final class OpenSslTools {

    private OpenSslTools() {
    }

    /** Runs {@code openssl args...} in {@code directory}, asserts exit 0, returns stdout and stderr together. */
    public static String run(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }

    /** A self-signed ECDSA P-256 certificate for {@code name} (SAN DNS) and its key, as PEM files. */
    public static void selfSigned(Path directory, Path cert, Path key, String name) throws Exception {
        run(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=DNS:" + name);
    }

    /** A CA (key, self-signed certificate, empty index) in {@code directory}/{@code name}.{pem,key,index}. */
    public static Ca ca(Path directory, String name) throws Exception {
        Ca ca = new Ca(directory, name);
        run(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", ca.key.toString(), "-out", ca.cert.toString(), "-days", "2", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Files.writeString(ca.index, "");
        return ca;
    }

    public static final class Ca {
        public final Path directory;
        public final Path cert;
        public final Path key;
        public final Path index;
        private int serial = 0x1000;

        public Ca(Path directory, String name) {
            this.directory = directory;
            this.cert = directory.resolve(name + ".pem");
            this.key = directory.resolve(name + ".key");
            this.index = directory.resolve(name + ".index");
        }

        /**
         * Issues a leaf for {@code name} (ECDSA P-256) into {@code prefix}.pem / .key and records it in the index
         * as valid ('V'), as {@code openssl ca} would.
         */
        public Path[] issue(String prefix, String name) throws Exception {
            Path leafKey = directory.resolve(prefix + ".key");
            Path csr = directory.resolve(prefix + ".csr");
            Path leaf = directory.resolve(prefix + ".pem");
            Path extensions = directory.resolve(prefix + ".ext");
            Files.writeString(extensions, "subjectAltName=DNS:" + name + "\nextendedKeyUsage=serverAuth\n");
            run(directory, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", leafKey.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
            String serialHex = Integer.toHexString(++serial).toUpperCase();
            run(directory, "x509", "-req", "-in", csr.toString(), "-CA", cert.toString(), "-CAkey", key.toString(),
                    "-set_serial", "0x" + serialHex, "-days", "2", "-extfile", extensions.toString(),
                    "-out", leaf.toString());
            // index.txt: status, expiry (YYMMDDHHMMSSZ), revocation date, serial (hex), file, subject
            Files.writeString(index, "V\t301231000000Z\t\t" + serialHex + "\tunknown\t/CN=" + name + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
            return new Path[] {leaf, leafKey};
        }

        /** Marks the certificate with {@code serialHex} revoked in the index. */
        public void revoke(Path leaf) throws Exception {
            String serialLine = run(directory, "x509", "-in", leaf.toString(), "-noout", "-serial").trim();
            String serialHex = serialLine.substring(serialLine.indexOf('=') + 1);
            String text = Files.readString(index).replace("V\t301231000000Z\t\t" + serialHex,
                    "R\t301231000000Z\t240101000000Z\t" + serialHex);
            Files.writeString(index, text);
        }

        /** An OCSP response about {@code leaf} from this CA's index, signed by the CA, valid {@code days} days. */
        public Path ocsp(Path leaf, String file, int days) throws Exception {
            Path response = directory.resolve(file);
            run(directory, "ocsp", "-index", index.toString(), "-rsigner", cert.toString(), "-rkey", key.toString(),
                    "-CA", cert.toString(), "-issuer", cert.toString(), "-cert", leaf.toString(),
                    "-ndays", String.valueOf(days), "-respout", response.toString());
            return response;
        }
    }

    /** A running {@code openssl s_server} on a free loopback port. */
    public static final class Server implements AutoCloseable {
        public final ChildProcess process;
        public final int port;

        Server(ChildProcess process, int port) {
            this.process = process;
            this.port = port;
        }

        public InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", port);
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** Starts {@code openssl s_server -accept 127.0.0.1:0 args...} and waits for the port it listens on. */
    public static Server sServer(Path directory, String... args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:0"));
        arguments.addAll(List.of(args));
        ChildProcess process = ChildProcess.openssl("s_server", directory, arguments);
        try {
            return new Server(process, process.awaitAcceptPort(deadline()));
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
    }

    /** Waits until {@code file} has at least {@code lines} non-empty lines (openssl writes its key log as it goes). */
    public static void awaitLines(Path file, int lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).stream().filter(l -> !l.isBlank()
                    && !l.startsWith("#")).count() >= lines) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /**
     * {@code openssl s_client} with {@code args} against {@code port}: sends {@code request} (if not null), waits
     * until the handshake is reported ("Verify return code", printed with the session facts after the handshake,
     * OCSP status included) or s_client ends by itself, then closes stdin; returns stdout and stderr.
     */
    public static String sClient(Path directory, int port, String request, String... args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port));
        arguments.addAll(List.of(args));
        try (ChildProcess client = ChildProcess.openssl("s_client", directory, arguments)) {
            if (request != null) {
                client.write(request.getBytes(StandardCharsets.US_ASCII));
            }
            long deadline = deadline();
            client.stdout().awaitCondition(() -> client.stdout().text().contains("Verify return code")
                    || !client.isAlive(), deadline);
            client.closeStdin();
            client.awaitExit(deadline);
            return client.stdout().text() + client.stderr().text();
        }
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    }
}

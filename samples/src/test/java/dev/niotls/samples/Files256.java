package dev.niotls.samples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** SHA-256 of a file and of a seeded stream, as hex, for comparing what a program received. */
final class Files256 {
    private Files256() {
    }

    static String of(Path file) throws IOException {
        MessageDigest sha = SeededBytes.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                sha.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(SeededBytes.sha256().digest(bytes));
    }

    static String ofStream(long seed, long length) {
        return HexFormat.of().formatHex(SeededBytes.digest(seed, length));
    }
}

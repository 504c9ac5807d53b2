package dev.niotls.bench.common;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line flags (and bare {@code --flag}s), as the samples take them. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();

    /** Parses {@code args}; a flag followed by another flag or by nothing is "true". */
    public Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            values.put(name, hasValue ? args[++i] : "true");
        }
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public String require(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    public int getInt(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    public long getLong(String name, long fallback) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
    }

    public double getDouble(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Path path(String name) {
        return Path.of(require(name));
    }

    public TlsProfile profile() {
        return TlsProfile.parse(get("tls", "1.3"));
    }
}

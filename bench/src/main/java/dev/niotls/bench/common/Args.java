package dev.niotls.bench.common;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} command-line flags (and bare {@code --flag}s), as the samples take them. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();

    /**
     * Parses {@code args}; a flag followed by another flag or by nothing is "true". Errors are
     * {@link IllegalArgumentException}s whose message is the one line to show the user.
     */
    public Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "' (options are --name value)");
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

    /** Refuses any flag not in {@code known}. */
    public Args only(List<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return this;
    }

    public int getInt(String name, int fallback) {
        long value = getLong(name, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " is out of range: " + value);
        }
        return (int) value;
    }

    public long getLong(String name, long fallback) {
        try {
            return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number, not '" + values.get(name) + "'");
        }
    }

    public double getDouble(String name, double fallback) {
        try {
            return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a number, not '" + values.get(name) + "'");
        }
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

package dev.niotls.samples;

import dev.niotls.samples.Command.Flag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** A parsed command line: the command, then {@code --flag value} pairs and {@code --switch}es. */
final class Options {
    private final Command command;
    private final Map<Flag, String> values;

    private Options(Command command, Map<Flag, String> values) {
        this.command = command;
        this.values = values;
    }

    /** Parses {@code args}; the first argument names the command unless it starts with "--". */
    static Options parse(String... args) throws UsageException {
        int index = 0;
        Command command = Command.DEMO;
        if (args.length > 0 && !args[0].startsWith("--")) {
            command = Command.named(args[0]);
            index = 1;
        }
        Map<Flag, String> values = new EnumMap<>(Flag.class);
        for (; index < args.length; index++) {
            Flag flag = Flag.named(args[index]);
            if (!command.accepts(flag)) {
                throw new UsageException(flag.option() + " does not apply to " + describe(command));
            }
            String value = "";
            if (flag.takesValue()) {
                if (index + 1 >= args.length) {
                    throw new UsageException(flag.option() + " needs a value (" + flag.metavar + ")");
                }
                value = args[++index];
            }
            values.put(flag, value);
        }
        Options options = new Options(command, values);
        options.check();
        return options;
    }

    private static String describe(Command command) {
        return command == Command.DEMO ? "the demo" : command.name;
    }

    /** Reads every value once so that a bad one fails before anything starts. */
    private void check() throws UsageException {
        port();
        protocols();
        loops();
        if (has(Flag.CERT) != has(Flag.KEY)) {
            throw new UsageException("--cert and --key go together");
        }
        if (has(Flag.OCSP) && !has(Flag.CERT)) {
            throw new UsageException("--ocsp needs --cert/--key (the response is about that certificate)");
        }
        duration(Flag.RELOAD_CHECK, null);
        for (Flag file : new Flag[] {Flag.CERT, Flag.KEY, Flag.CACERT, Flag.OCSP, Flag.SESSION_TICKET_KEYS}) {
            if (has(file) && !Files.isReadable(Path.of(values.get(file)))) {
                throw new UsageException(file.option() + ": cannot read " + values.get(file));
            }
        }
        for (Flag size : new Flag[] {Flag.SIZE, Flag.BYTES, Flag.RENEGOTIATE_EVERY, Flag.KEY_UPDATE_EVERY, Flag.RATE,
            Flag.PAUSE_AT}) {
            bytes(size, 0);
        }
        for (Flag count : new Flag[] {Flag.CONNECTIONS, Flag.MESSAGES}) {
            positive(count, 1);
        }
        seed();
        duration(Flag.HANDSHAKE_TIMEOUT, null);
        duration(Flag.IDLE_TIMEOUT, null);
        duration(Flag.WARM_UP, null);
        if (has(Flag.SIZE) && bytes(Flag.SIZE, 0) == 0) {
            throw new UsageException("--size must be at least 1");
        }
    }

    Command command() {
        return command;
    }

    boolean has(Flag flag) {
        return values.containsKey(flag);
    }

    String host() {
        return values.getOrDefault(Flag.HOST, "127.0.0.1");
    }

    int port() throws UsageException {
        long port = number(Flag.PORT, command.defaultPort);
        // The demo listens on --port and the next one (the echo server).
        int highest = command == Command.DEMO ? 65534 : 65535;
        if (port < 0 || port > highest) {
            throw new UsageException("--port must be 0.." + highest + ", not " + port);
        }
        return (int) port;
    }

    /** The JSSE protocol names for {@code --tls}. */
    String[] protocols() throws UsageException {
        String tls = values.getOrDefault(Flag.TLS, "any");
        switch (tls) {
            case "1.2":
                return new String[] {"TLSv1.2"};
            case "1.3":
                return new String[] {"TLSv1.3"};
            case "any":
                return new String[] {"TLSv1.3", "TLSv1.2"};
            default:
                throw new UsageException("--tls must be 1.2, 1.3 or any, not '" + tls + "'");
        }
    }

    int loops() throws UsageException {
        long loops = number(Flag.LOOPS, 1);
        if (loops < 1 || loops > 256) {
            throw new UsageException("--loops must be 1..256, not " + loops);
        }
        return (int) loops;
    }

    Path path(Flag flag) {
        return has(flag) ? Path.of(values.get(flag)) : null;
    }

    String serverName() {
        return values.getOrDefault(Flag.SERVER_NAME, host());
    }

    long seed() throws UsageException {
        return number(Flag.SEED, 1);
    }

    /** A positive count. */
    int positive(Flag flag, int defaultValue) throws UsageException {
        long value = number(flag, defaultValue);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new UsageException(flag.option() + " must be a positive number, not " + values.get(flag));
        }
        return (int) value;
    }

    /** A count from 0. */
    int count(Flag flag) throws UsageException {
        long value = number(flag, 0);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new UsageException(flag.option() + " must be a number from 0, not " + values.get(flag));
        }
        return (int) value;
    }

    /** A byte count: digits with an optional k, m or g suffix (powers of 1024). */
    long bytes(Flag flag, long defaultValue) throws UsageException {
        if (!has(flag)) {
            return defaultValue;
        }
        String text = values.get(flag).trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (text.endsWith("k") || text.endsWith("m") || text.endsWith("g")) {
            unit = text.endsWith("k") ? 1L << 10 : text.endsWith("m") ? 1L << 20 : 1L << 30;
            text = text.substring(0, text.length() - 1);
        }
        long value = parse(flag, text);
        if (value < 0 || value > Long.MAX_VALUE / unit) {
            throw new UsageException(flag.option() + " must be a byte count like 512, 16k or 64m, not " + values.get(flag));
        }
        return value * unit;
    }

    /** A duration: digits with ms or s (the default unit is seconds). */
    Duration duration(Flag flag, Duration defaultValue) throws UsageException {
        if (!has(flag)) {
            return defaultValue;
        }
        String text = values.get(flag).trim().toLowerCase(Locale.ROOT);
        boolean millis = text.endsWith("ms");
        text = millis ? text.substring(0, text.length() - 2) : text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
        long value = parse(flag, text);
        if (value <= 0) {
            throw new UsageException(flag.option() + " must be positive, like 500ms or 10s, not " + values.get(flag));
        }
        return millis ? Duration.ofMillis(value) : Duration.ofSeconds(value);
    }

    private long number(Flag flag, long defaultValue) throws UsageException {
        return has(flag) ? parse(flag, values.get(flag).trim()) : defaultValue;
    }

    private static long parse(Flag flag, String text) throws UsageException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(flag.option() + " needs a number, not '" + text + "'");
        }
    }
}

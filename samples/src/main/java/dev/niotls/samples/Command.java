package dev.niotls.samples;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The commands of the samples jar, each with its default port and the flags it accepts beyond the common ones. */
enum Command {
    DEMO(null, 8443, "HTTPS and echo servers with a generated certificate, and the lines to try them",
            EnumSet.of(Flag.SELF_TEST, Flag.HANDSHAKE_TIMEOUT, Flag.IDLE_TIMEOUT, Flag.ALLOW_CLIENT_RENEGOTIATION)),
    HTTPS_SERVER("https-server", 8443, "HTTP/1.1 keep-alive server: \"Hello, World!\", GET /bytes/N for N bytes",
            EnumSet.of(Flag.HANDSHAKE_TIMEOUT, Flag.IDLE_TIMEOUT, Flag.ALLOW_CLIENT_RENEGOTIATION, Flag.WARM_UP)),
    ECHO_SERVER("echo-server", 8444, "TLS echo server",
            EnumSet.of(Flag.HANDSHAKE_TIMEOUT, Flag.IDLE_TIMEOUT, Flag.ALLOW_CLIENT_RENEGOTIATION, Flag.WARM_UP)),
    ECHO_CLIENT("echo-client", 8444, "sends seeded messages to an echo server and verifies every byte",
            EnumSet.of(Flag.CONNECTIONS, Flag.MESSAGES, Flag.SIZE, Flag.SEED, Flag.SERVER_NAME, Flag.INSECURE)),
    STREAM_SERVER("stream-server", 8445, "sends (or, for --upload clients, receives) a seeded stream",
            EnumSet.of(Flag.BYTES, Flag.SEED, Flag.RENEGOTIATE_EVERY, Flag.KEY_UPDATE_EVERY, Flag.RATE, Flag.PAUSE_AT, Flag.UPLOAD,
                    Flag.HANDSHAKE_TIMEOUT, Flag.IDLE_TIMEOUT, Flag.ALLOW_CLIENT_RENEGOTIATION)),
    STREAM_CLIENT("stream-client", 8445, "receives (or with --upload sends) a seeded stream, verifies its digest",
            EnumSet.of(Flag.BYTES, Flag.SEED, Flag.RENEGOTIATE_EVERY, Flag.KEY_UPDATE_EVERY, Flag.RATE,
                    Flag.PAUSE_AT, Flag.UPLOAD, Flag.SERVER_NAME, Flag.INSECURE)),
    PLAIN_SERVER("plain-server", 8447, "https-server's HTTP (or --echo) over plain TCP on the same reactor: the bench's ceiling",
            EnumSet.of(Flag.ECHO)),
    RETRY_LOOP("retry-loop", 8446, "the reference Selector retry loop (no reactor), as a TLS echo server",
            EnumSet.of(Flag.ALLOW_CLIENT_RENEGOTIATION));

    final String name;
    final int defaultPort;
    final String summary;
    private final Set<Flag> ownFlags;

    Command(String name, int defaultPort, String summary, Set<Flag> ownFlags) {
        this.name = name;
        this.defaultPort = defaultPort;
        this.summary = summary;
        this.ownFlags = ownFlags;
    }

    boolean accepts(Flag flag) {
        return flag.common || ownFlags.contains(flag) || (!isClient() && SERVER_OPERATIONS.contains(flag));
    }

    /**
     * Flags of every server command: OCSP stapling, certificate reload, JMX (issue 14), TLS 1.2 session ticket keys
     * and the session-ID cache (issue 11).
     */
    private static final Set<Flag> SERVER_OPERATIONS = EnumSet.of(Flag.OCSP, Flag.RELOAD_CHECK, Flag.JMX,
            Flag.SESSION_TICKET_KEYS, Flag.SESSION_CACHE);

    boolean isClient() {
        return this == ECHO_CLIENT || this == STREAM_CLIENT;
    }

    static Command named(String name) throws UsageException {
        for (Command command : values()) {
            if (name.equals(command.name)) {
                return command;
            }
        }
        throw new UsageException("unknown command '" + name + "'");
    }

    /** Flags and their help; {@code common} ones are accepted by every command. */
    enum Flag {
        HOST("HOST", true, "address to listen on or connect to (default 127.0.0.1)"),
        PORT("PORT", true, "TCP port (default: the command's own; 0 picks a free one)"),
        TLS("1.2|1.3|any", true, "protocol version (default any: TLS 1.3 or 1.2)"),
        CERT("FILE", true, "certificate chain PEM (leaf first); without it a self-signed one is generated"),
        KEY("FILE", true, "private key PEM for --cert"),
        CACERT("FILE", true, "trusted certificates PEM (clients: to verify the server)"),
        LOOPS("N", true, "event loops (threads), default 1"),
        HELP(null, true, "print this help"),
        SELF_TEST(null, false, "run clients against the demo servers, print the results, exit 0 or 1"),
        HANDSHAKE_TIMEOUT("DURATION", false, "close a connection whose handshake takes longer (default 10s)"),
        IDLE_TIMEOUT("DURATION", false, "close a connection idle that long (default: never)"),
        WARM_UP("DURATION", false, "servers: before listening, run the server for DURATION on a free loopback port "
                + "under clients of this process, so that a fresh JVM meets its first clients compiled (default: none)"),
        ALLOW_CLIENT_RENEGOTIATION(null, false, "accept TLS 1.2 renegotiations started by clients"),
        SESSION_TICKET_KEYS("FILE", false, "TLS 1.2 session tickets sealed with the keys of FILE, which servers may "
                + "share (lines \"NAME SECRET\" in hex, or nginx's 80-byte keys; first encrypts); reloaded on change"),
        SESSION_CACHE("N", false, "servers: TLS 1.2 sessions kept for resumption by session ID, 0 for none "
                + "(default 20000, 5 minutes each; nginx's ssl_session_cache)"),
        CONNECTIONS("N", false, "concurrent connections (default 1)"),
        MESSAGES("N", false, "messages per connection (default 100)"),
        SIZE("BYTES", false, "bytes per message (default 1k)"),
        BYTES("BYTES", false, "length of the stream (default 64m)"),
        SEED("N", false, "seed of the pseudo-random stream (default 1)"),
        RENEGOTIATE_EVERY("BYTES", false, "TLS 1.2: the sender renegotiates after every BYTES sent"),
        KEY_UPDATE_EVERY("BYTES", false, "TLS 1.3: the sender updates its keys after every BYTES sent"),
        RATE("BYTES", false, "the sender sends at most BYTES per second (default: no limit)"),
        PAUSE_AT("BYTES", false, "the sender stops after BYTES until the peer renegotiates or updates keys (10s at most)"),
        UPLOAD(null, false, "the client sends the stream and the server verifies it (give it to both)"),
        SERVER_NAME("NAME", false, "name to verify in the server's certificate (default: --host)"),
        INSECURE(null, false, "do not verify the server's certificate (tests only)"),
        OCSP("FILE", false, "servers: DER OCSP response stapled for --cert (openssl ocsp -respout), reloaded with it"),
        RELOAD_CHECK("DURATION", false, "servers: how often --cert/--key/--ocsp are checked for changes (default 5s)"),
        JMX(null, false, "servers: register the loop and TLS counters as platform MBeans (jconsole, jcmd)"),
        ECHO(null, false, "echo every byte back instead of answering HTTP");

        final String metavar;
        final boolean common;
        final String help;

        Flag(String metavar, boolean common, String help) {
            this.metavar = metavar;
            this.common = common;
            this.help = help;
        }

        String option() {
            return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean takesValue() {
            return metavar != null;
        }

        static Flag named(String option) throws UsageException {
            for (Flag flag : values()) {
                if (flag.option().equals(option)) {
                    return flag;
                }
            }
            throw new UsageException("unknown option '" + option + "'");
        }
    }
}

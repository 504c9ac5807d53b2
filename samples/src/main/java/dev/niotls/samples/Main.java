package dev.niotls.samples;

import dev.niotls.samples.Command.Flag;

/**
 * Entry point of the samples jar: {@code java -jar niotls-samples.jar [command] [--flag value]...}.
 * Exit status: 0 success, 1 failure (a verification failed, a server could not start), 2 bad arguments.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (tests call this rather than {@link #main}). */
    static int run(String... args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            System.err.println("niotls-samples: " + e.getMessage());
            System.err.println("Try 'java -jar niotls-samples.jar --help'.");
            return 2;
        }
        if (options.has(Flag.HELP)) {
            System.out.print(usage());
            return 0;
        }
        try {
            return dispatch(options);
        } catch (UsageException e) {
            System.err.println("niotls-samples: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            String command = options.command() == Command.DEMO ? "demo" : options.command().name;
            System.err.println("niotls-samples " + command + ": " + e.getMessage());
            return 1;
        }
    }

    private static int dispatch(Options options) throws Exception {
        switch (options.command()) {
            case DEMO:
                return Demo.run(options);
            case HTTPS_SERVER:
            case ECHO_SERVER:
            case STREAM_SERVER:
                return ServerCommands.run(options);
            case ECHO_CLIENT:
                return EchoClientCommand.run(options);
            case STREAM_CLIENT:
                return StreamClientCommand.run(options);
            case RETRY_LOOP:
                return RetryLoopCommand.run(options);
            case PLAIN_SERVER:
                return PlainServer.run(options);
            default:
                throw new IllegalStateException("unhandled command " + options.command());
        }
    }

    /** The text of {@code --help}. */
    static String usage() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: java -jar samples/target/niotls-samples.jar [COMMAND] [OPTIONS]\n\n");
        text.append("Commands:\n");
        for (Command command : Command.values()) {
            String name = command == Command.DEMO ? "(none)" : command.name;
            text.append(String.format("  %-14s %s (default port %d)%n", name, command.summary, command.defaultPort));
        }
        text.append("\nOptions of every command:\n");
        for (Flag flag : Flag.values()) {
            if (flag.common) {
                appendFlag(text, flag);
            }
        }
        for (Command command : Command.values()) {
            StringBuilder own = new StringBuilder();
            for (Flag flag : Flag.values()) {
                if (!flag.common && command.accepts(flag)) {
                    appendFlag(own, flag);
                }
            }
            if (own.length() > 0) {
                text.append("\nOptions of ").append(command == Command.DEMO ? "the demo" : command.name).append(":\n").append(own);
            }
        }
        text.append("\nWithout --cert/--key a server generates a self-signed certificate for localhost and 127.0.0.1\n"
                + "and prints where its PEM is, for curl --cacert and openssl s_client -CAfile.\n"
                + "BYTES take k, m, g suffixes (64m); DURATION takes ms or s (500ms, 10s).\n");
        return text.toString();
    }

    private static void appendFlag(StringBuilder text, Flag flag) {
        String left = flag.option() + (flag.takesValue() ? " " + flag.metavar : "");
        text.append(String.format("  %-32s %s%n", left, flag.help));
    }
}

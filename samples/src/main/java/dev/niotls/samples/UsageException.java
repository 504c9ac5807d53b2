package dev.niotls.samples;

/** A bad command line: printed with a hint to {@code --help}, and the program exits with status 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}

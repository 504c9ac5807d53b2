package dev.niotls.samples;

import dev.niotls.samples.Command.Flag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reloads a server's {@code --cert}, {@code --key} and {@code --ocsp} when they change, as nginx's reload does:
 * the files are checked every {@code --reload-check} (5 s by default) by modification time and size, and on
 * demand ({@link #reloadNow()}: the server commands call it for a line {@code reload} on stdin). A new context
 * goes to {@code TlsServer.context(...)}: connections accepted from then on get it, established ones keep
 * theirs. Files that do not load (missing, a key that does not match, unreadable PEM) keep the old context,
 * and the reason is printed; the next change is tried again.
 */
final class CertificateReloader implements AutoCloseable {
    static final Duration DEFAULT_CHECK = Duration.ofSeconds(5);

    private final Options options;
    private final Consumer<Contexts.ServerIdentity> apply;
    private final ScheduledExecutorService timer;
    private List<Object> seen;

    CertificateReloader(Options options, Consumer<Contexts.ServerIdentity> apply) throws UsageException {
        this.options = options;
        this.apply = apply;
        this.seen = fingerprint();
        Duration every = options.duration(Flag.RELOAD_CHECK, DEFAULT_CHECK);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "niotls-certificate-reload");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::checkForChanges, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void checkForChanges() {
        List<Object> now = fingerprint();
        if (!now.equals(seen)) {
            seen = now; // a failed load is retried at the next change, not every period
            System.out.println(reload("files changed"));
        }
    }

    /** Reloads now, whatever the files' times say; returns what happened (also printed). */
    synchronized String reloadNow() {
        seen = fingerprint();
        String outcome = reload("reload asked");
        System.out.println(outcome);
        return outcome;
    }

    private String reload(String why) {
        try {
            Contexts.ServerIdentity identity = Contexts.server(options);
            apply.accept(identity);
            X509Certificate leaf = identity.context.certificateChain().get(0);
            List<String> warnings = identity.context.warnings();
            return "reload (" + why + "): new connections get " + leaf.getSubjectX500Principal().getName()
                    + ", serial " + leaf.getSerialNumber().toString(16)
                    + ", valid until " + leaf.getNotAfter().toInstant()
                    + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings));
        } catch (UsageException | RuntimeException e) {
            return "reload (" + why + ") failed, keeping the current certificate: " + e.getMessage();
        }
    }

    /** Modification time and size of each watched file (a missing file counts as a change too). */
    private List<Object> fingerprint() {
        List<Object> print = new ArrayList<>();
        for (Flag flag : new Flag[] {Flag.CERT, Flag.KEY, Flag.OCSP}) {
            Path path = options.path(flag);
            if (path == null) {
                continue;
            }
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                print.add(attributes.lastModifiedTime().toMillis());
                print.add(attributes.size());
                print.add(Objects.toString(attributes.fileKey()));
            } catch (IOException e) {
                print.add("missing");
            }
        }
        return print;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

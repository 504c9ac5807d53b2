package dev.niotls.tls.context;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ticket keys read from a file that several servers share ({@link TicketKeyFileFormat}), reloaded when it
 * changes. The file is checked every {@code checkIntervalMillis} by one daemon thread shared by all contexts
 * ("niotls-ticket-keys"), never by a connection's thread: a handshake only reads a volatile field. A file that
 * cannot be read or parsed leaves the keys loaded before in force and is logged (WARNING, once per version of the
 * file), so a half-written or mistyped file never stops resumption. Write the new file beside the old and rename
 * it over the old one: readers then see either file whole.
 *
 * <p>The watcher holds this object weakly: when its context is garbage, the check is cancelled.
 */
final class TicketKeyFile implements SessionTicketKeys {
    private static final System.Logger LOG = System.getLogger(TicketKeyFile.class.getName());

    private final Path file;
    private volatile TicketKeySet keys;
    /** What the last check saw (modification time, size, file key), loaded or not, so a bad file logs once. */
    private Object lastSeen;

    private TicketKeyFile(Path file, TicketKeySet keys, Object seen) {
        this.file = file;
        this.keys = keys;
        this.lastSeen = seen;
    }

    /**
     * Reads {@code file} now (IllegalArgumentException naming the problem if it is unusable: {@code build()}
     * fails) and watches it every {@code checkIntervalMillis} from then on.
     */
    static TicketKeyFile load(Path file, long checkIntervalMillis) {
        Object seen;
        byte[] content;
        try {
            seen = stamp(file);
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the session ticket key file " + file + ": " + e, e);
        }
        TicketKeyFile keys = new TicketKeyFile(file,
                new TicketKeySet(TicketKeyFileFormat.parse(content, file.toString())), seen);
        Watcher.watch(keys, checkIntervalMillis);
        return keys;
    }

    @Override
    public TicketKeySet current(long nowMillis) {
        return keys;
    }

    /**
     * Reloads the file if it changed since the last check; returns whether new keys are in force. Runs on the
     * watcher thread (tests call it directly).
     */
    synchronized boolean checkForChange() {
        Object seen;
        try {
            seen = stamp(file);
        } catch (IOException e) {
            refuse(e.toString(), "missing");
            return false;
        }
        if (seen.equals(lastSeen)) {
            return false;
        }
        try {
            TicketKeySet loaded = new TicketKeySet(TicketKeyFileFormat.parse(Files.readAllBytes(file),
                    file.toString()));
            lastSeen = seen;
            keys = loaded;
            LOG.log(System.Logger.Level.INFO, "session ticket keys reloaded from {0}: {1} key(s), {2} encrypts",
                    file, loaded.keys().size(), loaded.encrypting().hexName());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            refuse(e.getMessage(), seen);
            return false;
        }
    }

    private void refuse(String why, Object seen) {
        if (!Objects.equals(seen, lastSeen)) {
            lastSeen = seen;
            LOG.log(System.Logger.Level.WARNING, "session ticket key file {0} not loaded ({1}); the {2} key(s) "
                    + "loaded before stay in force", file, why, keys.keys().size());
        }
    }

    private static Object stamp(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return java.util.List.of(attributes.lastModifiedTime(), attributes.size(),
                Objects.requireNonNullElse(attributes.fileKey(), ""));
    }

    /** The one daemon thread that checks every key file, created when the first file is loaded. */
    private static final class Watcher {
        private static final ScheduledExecutorService THREAD = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "niotls-ticket-keys");
            thread.setDaemon(true);
            return thread;
        });

        static void watch(TicketKeyFile keys, long intervalMillis) {
            WeakReference<TicketKeyFile> watched = new WeakReference<>(keys);
            AtomicReference<Future<?>> handle = new AtomicReference<>();
            handle.set(THREAD.scheduleWithFixedDelay(() -> {
                TicketKeyFile alive = watched.get();
                if (alive == null) {
                    Future<?> own = handle.get();
                    if (own != null) {
                        own.cancel(false);
                    }
                    return;
                }
                try {
                    alive.checkForChange();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "checking " + alive.file + " failed", e);
                }
            }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS));
        }
    }
}

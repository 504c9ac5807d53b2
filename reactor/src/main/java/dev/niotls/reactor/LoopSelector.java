package dev.niotls.reactor;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The loop's {@link Selector}, replaceable: selects into a consumer bound once (JDK 11's {@code
 * select(Consumer, long)}: no selected-key set, no iterator, nothing allocated per turn), and
 * rebuilds itself when the loop sees it spin. Loop thread only, except {@link #wakeup()}.
 */
final class LoopSelector {
    private static final System.Logger LOG = System.getLogger(LoopSelector.class.getName());

    private final String loopName;
    private final Consumer<SelectionKey> readyKeys;
    /** Volatile: replaced by {@link #rebuild}, read by producer threads in {@link #wakeup()}. */
    private volatile Selector selector;

    LoopSelector(String loopName, Consumer<SelectionKey> readyKeys) throws IOException {
        this.loopName = loopName;
        this.readyKeys = readyKeys;
        this.selector = Selector.open();
    }

    int selectNow() throws IOException {
        return selector.selectNow(readyKeys);
    }

    /** @param timeoutMillis 0 blocks until a key is ready or {@link #wakeup()} */
    int select(long timeoutMillis) throws IOException {
        return selector.select(readyKeys, timeoutMillis); // IO block: the only place the loop sleeps
    }

    void wakeup() {
        selector.wakeup();
    }

    SelectionKey register(SelectableChannel channel, int ops, Registration registration) throws IOException {
        return channel.register(selector, ops, registration);
    }

    /** @return the registrations still open (a copy: closing them while iterating is fine) */
    List<Registration> openRegistrations() {
        List<Registration> open = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            Registration registration = (Registration) key.attachment();
            if (registration.isOpen()) {
                open.add(registration);
            }
        }
        return open;
    }

    /**
     * Moves every open registration to a fresh selector, keeping its interest set, and closes the
     * old one (which deregisters the cancelled keys and drops whatever made the kernel spin).
     *
     * @param cannotMove told of each registration that could not move; it should close it
     * @return {@code false} if no new selector could be opened (the old one stays)
     */
    boolean rebuild(Consumer<Registration> cannotMove) {
        Selector fresh;
        try {
            fresh = Selector.open();
        } catch (IOException failure) {
            LOG.log(System.Logger.Level.WARNING, () -> loopName + " cannot open a new selector", failure);
            return false;
        }
        Selector stale = selector;
        for (Registration registration : openRegistrations()) {
            SelectionKey key = registration.key();
            try {
                int ops = key.interestOps();
                key.cancel();
                registration.key(registration.channel().register(fresh, ops, registration));
            } catch (IOException | RuntimeException failure) {
                LOG.log(System.Logger.Level.WARNING, () -> registration + " cannot move to a new selector", failure);
                cannotMove.accept(registration);
            }
        }
        selector = fresh;
        EventLoop.closeQuietly(stale);
        return true;
    }

    void close() {
        EventLoop.closeQuietly(selector);
    }

    /** For tests: the current selector. */
    Selector current() {
        return selector;
    }
}

package dev.niotls.reactor;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One thread owning one {@link Selector}: the twin of libevent's {@code event_base} running {@code
 * event_base_dispatch}, or Netty's {@code NioEventLoop}. Loops are created and ended by their
 * {@link EventLoopGroup}.
 *
 * <p>Each turn of the loop reads top to bottom (Aeron's duty cycle):
 * <ol>
 *   <li>select: {@code selectNow} when work is waiting (tasks, due timers, {@link
 *       Registration#serviceAgain()} requests), else a blocking select until the first timer. Ready
 *       keys go straight to their handlers through a consumer bound once in a field: no selected-key
 *       set, no iterator, no allocation per turn.
 *   <li>serve again the registrations that asked for it, each once.
 *   <li>fire the due timers, in deadline order.
 *   <li>run tasks for {@code max(taskBudget, time spent on I/O this turn)}; the rest wait a turn.
 * </ol>
 *
 * <p>Thread rules: {@link #execute}, {@link #connect}, {@link #inEventLoop}, {@link #counters},
 * {@link #state}, {@link LoopLocal#get} and the getters are safe from any thread; {@link #register} and {@link #schedule}
 * belong to the loop's thread (from elsewhere, wrap them in {@link #execute}).
 */
public final class EventLoop implements Executor {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

    private final EventLoopGroup group;
    private final int index;
    private final String name;
    private final long taskBudgetNanos;
    private final Thread thread;
    private final LoopCounters counters = new LoopCounters();
    private final TaskQueue tasks = new TaskQueue(this::wakeSelector);
    private final TimerQueue timers = new TimerQueue(this);
    private final ArrayDeque<Registration> serviceAgainList = new ArrayDeque<>();
    private final SpinGuard spinGuard;
    private final AtomicReference<LoopState> state = new AtomicReference<>(LoopState.RUNNING);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final LoopSelector selector;
    private boolean shutdownBegun;
    private boolean graceOver;
    private long nextRegistrationId;
    /** This loop's MBean when its group registers them ({@link LoopConfig#registerMBeans}), else null. */
    javax.management.ObjectName mbeanName;
    /** The {@link LoopLocal} values, by {@link LoopLocal}'s index; replaced (never changed) when one is added. */
    volatile Object[] locals = LoopLocal.NONE;

    EventLoop(EventLoopGroup group, int index, LoopConfig config) throws IOException {
        this.group = group;
        this.index = index;
        this.name = config.threadNamePrefix() + "-" + index;
        this.taskBudgetNanos = config.taskBudget().toNanos();
        this.spinGuard = new SpinGuard(config.prematureWakeupThreshold());
        this.selector = new LoopSelector(name, this::dispatchSelected);
        this.thread = new Thread(this::run, name);
    }

    /** @return the loop whose thread calls this (from a handler, task or timer), or {@code null} */
    public static EventLoop current() {
        return CURRENT.get();
    }

    /** @return this loop's position in its group, 0-based */
    public int index() {
        return index;
    }

    /** @return the loop's name, also its thread's name ({@code niotls-loop-0} by default) */
    public String name() {
        return name;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** @return {@code true} when called on this loop's thread */
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    public LoopState state() {
        return state.get();
    }

    /** @return {@code true} once shutdown began: handlers should finish and close */
    public boolean isShuttingDown() {
        return state.get() != LoopState.RUNNING;
    }

    public LoopCounters counters() {
        return counters;
    }

    /**
     * Runs {@code task} on this loop's thread, after the tasks submitted before it (FIFO from any
     * mix of threads, as the queue linearizes them). Wakes a sleeping loop with at most one
     * {@code Selector.wakeup()} per sleep, however many tasks arrive. A task that throws is logged
     * and counted in {@link LoopCounters#handlerFailures()}.
     *
     * @throws RejectedExecutionException once the loop has terminated
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (state.get() == LoopState.TERMINATED) {
            throw new RejectedExecutionException(name + " has terminated");
        }
        tasks.add(task);
        // Termination drains the queue after publishing TERMINATED: either it saw our task and ran
        // it, or we see TERMINATED here and take the task back.
        if (state.get() == LoopState.TERMINATED && tasks.withdraw(task)) {
            throw new RejectedExecutionException(name + " has terminated");
        }
    }

    /**
     * Runs {@code task} on this loop after {@code delay} (the twin of libevent's {@code evtimer_add}).
     * Timers fire in deadline order (equal deadlines in scheduling order), with millisecond
     * precision: never early.
     *
     * @return the handle to cancel or reschedule it
     * @throws IllegalStateException off the loop's thread
     */
    public TimerHandle schedule(long delay, TimeUnit unit, Runnable task) {
        requireInLoop("schedule");
        TimerHandle timeout = new TimerHandle(timers, Objects.requireNonNull(task, "task"));
        timers.add(timeout, unit.toNanos(delay));
        return timeout;
    }

    /**
     * Registers {@code channel} (made non-blocking) with interest {@code ops} and {@code handler},
     * then calls {@link ChannelHandler#registered}. The loop owns the channel from now on and closes
     * it when the registration closes.
     *
     * @return the registration (closed already if {@code registered} threw)
     * @throws IOException if the channel is closed
     * @throws IllegalStateException off the loop's thread
     */
    public Registration register(SelectableChannel channel, int ops, ChannelHandler handler) throws IOException {
        return register(channel, ops, handler, null);
    }

    /** @param acceptedBy the listener that accepted {@code channel}, told when it closes; or null */
    private Registration register(SelectableChannel channel, int ops, ChannelHandler handler, Acceptor acceptedBy)
            throws IOException {
        requireInLoop("register");
        Objects.requireNonNull(handler, "handler");
        channel.configureBlocking(false);
        Registration registration = new Registration(this, channel, handler, ++nextRegistrationId, ops, acceptedBy);
        registration.key(selector.register(channel, ops, registration));
        counters.channelOpened();
        try {
            handler.registered(registration);
        } catch (Throwable failure) {
            handlerFailed(registration, "registered()", failure);
        }
        return registration;
    }

    /**
     * Opens a non-blocking client connection to {@code remote} on this loop ({@code OP_CONNECT}).
     * {@code callback} is called on this loop: {@link ConnectCallback#connected} with the channel,
     * or {@link ConnectCallback#failed} (refused, unreachable, timed out, loop shut down).
     *
     * @param timeout how long the TCP handshake may take, positive
     * @throws RejectedExecutionException once the loop has terminated
     */
    public void connect(SocketAddress remote, Duration timeout, ConnectCallback callback) {
        long timeoutNanos = Connector.checkArguments(remote, timeout, callback);
        execute(() -> Connector.start(this, remote, timeoutNanos, callback));
    }

    // ---- the loop ----

    private void run() {
        CURRENT.set(this);
        LOG.log(System.Logger.Level.DEBUG, () -> name + " started");
        try {
            while (!finished()) {
                try {
                    turn();
                } catch (Throwable unexpected) {
                    // Never die: a bug here must not strand every channel of the loop.
                    LOG.log(System.Logger.Level.ERROR, () -> name + " turn failed", unexpected);
                }
            }
        } finally {
            terminate();
        }
    }

    private void turn() {
        counters.loopTurn();
        long ioStart = System.nanoTime();
        try {
            select(ioStart);
        } catch (IOException failure) {
            LOG.log(System.Logger.Level.WARNING, () -> name + " select failed; rebuilding the selector", failure);
            rebuildSelector();
        }
        serveAgain();
        long ioNanos = System.nanoTime() - ioStart;
        fireTimers();
        runTasks(Math.max(taskBudgetNanos, ioNanos));
    }

    private void select(long now) throws IOException {
        if (!serviceAgainList.isEmpty() || !tasks.isEmpty() || timers.hasDue(now)) {
            selector.selectNow();
            return;
        }
        counters.sleep();
        if (!tasks.prepareToSleep()) {
            selector.selectNow();
            return;
        }
        int selected = selector.select(timers.millisUntilFirst(now));
        boolean woken = tasks.wokenByProducer();
        if (spinGuard.afterBlockingSelect(isPremature(selected, woken))) {
            rebuildSelector();
        }
    }

    private boolean isPremature(int selected, boolean woken) {
        if (selected > 0 || woken || timers.hasDue(System.nanoTime())) {
            return false;
        }
        if (Thread.interrupted()) {
            // An interrupt makes select() return at once; it is not the selector's fault. Clearing
            // the flag keeps the next select() from returning at once again.
            LOG.log(System.Logger.Level.DEBUG, () -> name + " was interrupted; ignoring");
            return false;
        }
        counters.prematureWakeup();
        return true;
    }

    private void dispatchSelected(SelectionKey key) {
        Registration registration = (Registration) key.attachment();
        if (!key.isValid() || !registration.isOpen()) {
            return; // closed earlier in this turn by another handler
        }
        counters.keySelected();
        dispatch(registration, key.readyOps());
    }

    private void serveAgain() {
        // Only those queued before this pass: a handler asking again now is served next turn.
        for (int waiting = serviceAgainList.size(); waiting > 0; waiting--) {
            Registration registration = serviceAgainList.poll();
            registration.serviceAgainQueued = false;
            if (registration.isOpen()) {
                counters.servedAgain();
                dispatch(registration, 0);
            }
        }
    }

    private void dispatch(Registration registration, int readyOps) {
        try {
            registration.handler().ready(registration, readyOps);
        } catch (Throwable failure) {
            handlerFailed(registration, "ready()", failure);
        }
    }

    private void fireTimers() {
        if (timers.size() == 0) {
            return;
        }
        long now = System.nanoTime();
        // Timers scheduled by the ones firing now wait for the next turn, even with delay 0.
        long scheduledBefore = timers.nextSequence();
        for (TimerHandle due = timers.peek(); due != null && due.deadlineNanos - now <= 0
                && due.sequence < scheduledBefore; due = timers.peek()) {
            timers.remove(due);
            counters.timerFired();
            runSafely(due.task(), "timer");
        }
    }

    private void runTasks(long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        int ran = 0;
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            counters.taskRun();
            runSafely(task, "task");
            // Reading the clock every 8 tasks keeps its cost (~25 ns) off tiny tasks.
            if ((++ran & 7) == 0 && System.nanoTime() - deadline >= 0) {
                return;
            }
        }
    }

    private void runSafely(Runnable task, String what) {
        try {
            task.run();
        } catch (Throwable failure) {
            runFailed(what, failure);
        }
    }

    /** Also {@link Connector}'s, for a failure that happened before any registration. */
    void runFailed(String what, Throwable failure) {
        counters.handlerFailed();
        LOG.log(System.Logger.Level.WARNING, () -> what + " on " + name + " threw", failure);
    }

    private void handlerFailed(Registration registration, String what, Throwable failure) {
        counters.handlerFailed();
        LOG.log(System.Logger.Level.WARNING,
                () -> what + " of " + registration + " threw; closing its channel", failure);
        registration.close();
    }

    // ---- never spin ----

    private void rebuildSelector() {
        if (selector.rebuild(registration -> handlerFailed(registration, "moving to a new selector",
                new IOException("cannot move " + registration)))) {
            counters.selectorRebuilt();
            LOG.log(System.Logger.Level.INFO, () -> name + " rebuilt its selector after premature wakeups");
        }
    }

    // ---- shutdown ----

    /** From any thread: the first call starts the shutdown; later calls do nothing. */
    void shutdownGracefully(long graceNanos) {
        if (state.compareAndSet(LoopState.RUNNING, LoopState.SHUTTING_DOWN)) {
            execute(() -> beginShutdown(graceNanos));
        }
    }

    private void beginShutdown(long graceNanos) {
        shutdownBegun = true;
        schedule(graceNanos, TimeUnit.NANOSECONDS, () -> graceOver = true);
        for (Registration registration : selector.openRegistrations()) {
            try {
                registration.handler().shutdownRequested(registration);
            } catch (Throwable failure) {
                handlerFailed(registration, "shutdownRequested()", failure);
            }
        }
    }

    private boolean finished() {
        if (!shutdownBegun) {
            return false;
        }
        return graceOver || (counters.channelsOpen() == 0 && tasks.isEmpty() && serviceAgainList.isEmpty());
    }

    private void terminate() {
        for (Registration registration : selector.openRegistrations()) {
            registration.close();
        }
        selector.close();
        state.set(LoopState.TERMINATED);
        // Tasks that raced with termination still run (they find the loop terminated: an accepted
        // channel handed over now is closed); execute() refuses any task after this point.
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            counters.taskRun();
            runSafely(task, "task");
        }
        LoopMBeans.unregister(mbeanName);
        terminated.countDown();
        LOG.log(System.Logger.Level.DEBUG, () -> name + " terminated: " + counters);
    }

    boolean awaitTermination(long nanos) throws InterruptedException {
        return terminated.await(nanos, TimeUnit.NANOSECONDS);
    }

    // ---- for the package ----

    void start() {
        thread.start();
    }

    /** A group that failed to build closes the selectors of its loops that never started. */
    void closeUnstarted() {
        selector.close();
    }

    /** Like {@link #execute}, but a terminated loop (which has closed everything) is not an error. */
    void executeIfRunning(Runnable task) {
        try {
            execute(task);
        } catch (RejectedExecutionException terminated) {
            LOG.log(System.Logger.Level.DEBUG, () -> name + " has terminated; dropping a late request");
        }
    }

    /**
     * Adopts a connection accepted by {@code acceptor} on any loop of the group. Once registered, the
     * registration tells the acceptor when it closes; before that, a refusal here tells it.
     */
    void adopt(SocketChannel channel, HandlerFactory factory, Acceptor acceptor) {
        if (state.get() != LoopState.RUNNING) {
            closeQuietly(channel); // shutting down: accept no new work
            acceptor.connectionClosed();
            return;
        }
        ChannelHandler handler;
        try {
            channel.configureBlocking(false);
            handler = factory.newHandler(channel, this);
        } catch (Throwable failure) {
            closeQuietly(channel);
            acceptor.connectionClosed();
            runFailed("the handler factory", failure);
            return;
        }
        try {
            register(channel, SelectionKey.OP_READ, handler, acceptor);
        } catch (IOException | RuntimeException failure) {
            // Not registered (a failing registered() still registers, and its close tells the acceptor).
            closeQuietly(channel);
            acceptor.connectionClosed();
            runFailed("registering an accepted connection", failure);
        }
    }

    /** Registers a bound listening channel; runs as a task so {@link EventLoopGroup#listen} works from anywhere. */
    void listen(ServerSocketChannel server, Acceptor acceptor, Listener listener) {
        execute(() -> {
            try {
                listener.registered(register(server, SelectionKey.OP_ACCEPT, acceptor));
            } catch (IOException failure) {
                closeQuietly(server);
                runFailed("registering " + listener, failure);
            }
        });
    }

    void queueServiceAgain(Registration registration) {
        serviceAgainList.add(registration);
    }

    void requireInLoop(String what) {
        if (!inEventLoop()) {
            throw new IllegalStateException(what + " must be called on " + name + "'s thread; wrap it in execute()");
        }
    }

    /** Tests inject premature wakeups by calling {@code wakeup()} behind the loop's back. */
    Selector selector() {
        return selector.current();
    }

    /** Tests check that cancelled timers leave nothing behind. */
    int pendingTimers() {
        return timers.size();
    }

    private void wakeSelector() {
        counters.wakeup();
        selector.wakeup();
    }

    static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException failure) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing " + closeable + " failed", failure);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

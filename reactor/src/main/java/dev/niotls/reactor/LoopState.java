package dev.niotls.reactor;

/**
 * The life of one {@link EventLoop}.
 *
 * <pre>
 *   RUNNING --shutdownGracefully()--> SHUTTING_DOWN --all channels closed, or grace over--> TERMINATED
 * </pre>
 *
 * <ul>
 *   <li>{@code RUNNING}: serves channels, runs tasks and timers; accepted connections are adopted.
 *   <li>{@code SHUTTING_DOWN}: every handler has been asked to close its channel ({@link
 *       ChannelHandler#shutdownRequested}); listeners are closed, newly accepted connections are closed
 *       at once; tasks and timers still run so handlers can finish their goodbyes.
 *   <li>{@code TERMINATED}: every remaining channel was closed, the selector is closed, the thread ended.
 *       {@link EventLoop#execute} refuses tasks.
 * </ul>
 */
public enum LoopState {
    RUNNING,
    SHUTTING_DOWN,
    TERMINATED
}

package dev.niotls.reactor;

import java.io.IOException;

/**
 * Serves one registered channel; every method is called on the channel's loop thread.
 *
 * <p>The twin of a libevent {@code event_callback_fn} (or a Netty {@code Channel} pipeline reduced to
 * one method): the loop calls {@link #ready} with the operations {@code select()} found ready, or
 * with {@code 0} when the handler asked to be served again ({@link Registration#serviceAgain()}).
 *
 * <p>A handler that throws from any method gets its channel closed, the error logged through
 * {@link System.Logger} and counted in {@link LoopCounters#handlerFailures()}; the loop goes on with
 * the other channels.
 */
@FunctionalInterface
public interface ChannelHandler {

    /**
     * Called once, right after the channel was registered and before any {@link #ready} call.
     * Accepted and connected channels start with interest {@code OP_READ}: set another interest here
     * (for example {@code OP_WRITE} to send a greeting or a TLS ClientHello).
     *
     * @param registration the channel's registration on this loop
     * @throws IOException to close the channel
     */
    default void registered(Registration registration) throws IOException {}

    /**
     * The channel is ready, or the handler asked to be served again.
     *
     * <p>{@code SelectionKey} readiness is level-triggered: data left unread makes the key ready
     * again on the next turn. Bytes held in memory by the handler (decrypted TLS records) are not
     * visible to {@code select()}; call {@link Registration#serviceAgain()} before returning so the
     * loop calls again before it blocks.
     *
     * @param registration the channel's registration on this loop
     * @param readyOps the ready set ({@code OP_READ}, {@code OP_WRITE}, {@code OP_ACCEPT}, {@code
     *     OP_CONNECT}); {@code 0} when the call comes from {@link Registration#serviceAgain()}
     * @throws IOException to close the channel
     */
    void ready(Registration registration, int readyOps) throws IOException;

    /**
     * The loop shuts down: finish the conversation and close the registration within the grace
     * period, after which the loop closes it anyway. The default closes at once.
     *
     * @param registration the channel's registration on this loop
     * @throws IOException to close the channel at once
     */
    default void shutdownRequested(Registration registration) throws IOException {
        registration.close();
    }

    /**
     * The registration was closed (by the handler, by a failure, by the loop's shutdown). The
     * channel is closed already; release what the handler holds. Called once.
     *
     * @param registration the closed registration
     */
    default void closed(Registration registration) {}
}

/**
 * The single-threaded {@link java.nio.channels.Selector} event loop. It knows nothing of TLS.
 */
module dev.niotls.reactor {
    // LoopMBeans: a loop's counters as a platform MXBean, when LoopConfig.registerMBeans asks for it.
    requires java.management;

    // All of it is API: EventLoopGroup, EventLoop, ChannelHandler, Registration, timers, counters, options
    // (the internal classes of the package are package-private already).
    exports dev.niotls.reactor;
}

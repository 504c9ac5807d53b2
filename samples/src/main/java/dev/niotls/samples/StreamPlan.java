package dev.niotls.samples;

import dev.niotls.samples.Command.Flag;

/** What a stream sample sends or expects: {@code --bytes}, {@code --seed}, and what the sender does on the way. */
final class StreamPlan {
    final long bytes;
    final long seed;
    final long renegotiateEvery;
    final long keyUpdateEvery;
    final long rate;
    final long pauseAt;

    StreamPlan(long bytes, long seed, long renegotiateEvery, long keyUpdateEvery, long rate, long pauseAt) {
        this.bytes = bytes;
        this.seed = seed;
        this.renegotiateEvery = renegotiateEvery;
        this.keyUpdateEvery = keyUpdateEvery;
        this.rate = rate;
        this.pauseAt = pauseAt;
    }

    static StreamPlan of(Options options) throws UsageException {
        return new StreamPlan(options.bytes(Flag.BYTES, 64L << 20), options.seed(),
                options.bytes(Flag.RENEGOTIATE_EVERY, 0), options.bytes(Flag.KEY_UPDATE_EVERY, 0),
                options.bytes(Flag.RATE, 0), options.bytes(Flag.PAUSE_AT, 0));
    }
}

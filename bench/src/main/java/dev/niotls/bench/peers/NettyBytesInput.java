package dev.niotls.bench.peers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * The body of {@code GET /bytes/N} for Netty: N bytes as slices of one preallocated 64 KiB direct block (the
 * samples' https-server cuts its bodies from one block too), fed by {@code ChunkedWriteHandler} as the
 * channel becomes writable, so that a 1 GiB body is never queued (nor encrypted by SslHandler) at once.
 */
final class NettyBytesInput implements ChunkedInput<ByteBuf> {
    static final long MAX_BYTES = 64L << 30;
    private static final ByteBuf BLOCK = block();

    private final long length;
    private long sent;

    NettyBytesInput(long length) {
        this.length = length;
    }

    private static ByteBuf block() {
        ByteBuf block = Unpooled.directBuffer(64 * 1024);
        for (int index = 0; index < block.capacity(); index++) {
            block.writeByte('a' + index % 26);
        }
        return Unpooled.unreleasableBuffer(block.asReadOnly());
    }

    @Override
    public boolean isEndOfInput() {
        return sent >= length;
    }

    @Override
    public void close() {
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (isEndOfInput()) {
            return null;
        }
        int size = (int) Math.min(BLOCK.capacity(), length - sent);
        sent += size;
        return BLOCK.retainedSlice(0, size);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return sent;
    }
}

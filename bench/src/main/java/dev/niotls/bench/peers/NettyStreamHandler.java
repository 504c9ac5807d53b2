package dev.niotls.bench.peers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.stream.ChunkedInput;

/**
 * Netty's side of the bulk scenario: once the handshake is done, {@code total} bytes in 16 KiB writes
 * (each a slice of one shared buffer, as a server sending a cached file would), paced by the channel's
 * writability through {@link io.netty.handler.stream.ChunkedWriteHandler}, then close_notify and close.
 */
final class NettyStreamHandler extends ChannelInboundHandlerAdapter {
    static final int WRITE_SIZE = 16 * 1024;
    private static final ByteBuf PATTERN = pattern();

    private final long total;

    NettyStreamHandler(long total) {
        this.total = total;
    }

    private static ByteBuf pattern() {
        ByteBuf buf = Unpooled.directBuffer(WRITE_SIZE);
        for (int i = 0; i < WRITE_SIZE; i++) {
            buf.writeByte(i * 31 + 7);
        }
        return Unpooled.unreleasableBuffer(buf.asReadOnly());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent && ((SslHandshakeCompletionEvent) event).isSuccess()) {
            ctx.writeAndFlush(new Chunks(total)).addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** {@code total} bytes as 16 KiB slices of the shared pattern. */
    private static final class Chunks implements ChunkedInput<ByteBuf> {
        private final long total;
        private long sent;

        Chunks(long total) {
            this.total = total;
        }

        @Override
        public boolean isEndOfInput() {
            return sent >= total;
        }

        @Override
        public void close() {
        }

        @Override
        @Deprecated
        public ByteBuf readChunk(ChannelHandlerContext ctx) {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) {
            if (isEndOfInput()) {
                return null;
            }
            int size = (int) Math.min(WRITE_SIZE, total - sent);
            sent += size;
            return PATTERN.retainedSlice(0, size);
        }

        @Override
        public long length() {
            return total;
        }

        @Override
        public long progress() {
            return sent;
        }
    }
}

package dev.niotls.bench.peers;

import io.netty.channel.ChannelHandlerContext;

/** Netty's TLS echo: every decrypted buffer written back, flushed once per read batch. */
final class NettyEchoHandler extends NettyReadBatchHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg);
    }
}

package dev.niotls.bench.peers;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * What both Netty peers do around their reads: one flush per read batch (the writes of a batch leave together,
 * as niotls's loop flushes once per readiness), and a close on any error.
 */
abstract class NettyReadBatchHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

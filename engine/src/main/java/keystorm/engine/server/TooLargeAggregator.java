package keystorm.engine.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator, answering a body that grows over the limit without declaring its length
 * (chunked: {@link Guard} answers a declared one from its headers) with the same DynamoDB-style
 * 413 as {@link Guard}, then closing, instead of Netty's empty 413.
 */
final class TooLargeAggregator extends HttpObjectAggregator {
    private final int bodyBytesMax;

    TooLargeAggregator(int bodyBytesMax) {
        super(bodyBytesMax);
        this.bodyBytesMax = bodyBytesMax;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse response = Guard.tooLarge(-1, bodyBytesMax);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}

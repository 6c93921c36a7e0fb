package keystorm.engine.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator, answering an oversized message with the same DynamoDB-style 413 as
 * {@link Guard} rather than Netty's empty one. {@link Guard} answers every over-limit body before
 * it gets here (and drains it); this stays as the bound on what is gathered.
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

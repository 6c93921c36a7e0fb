package keystorm.engine.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;

/**
 * Netty's aggregator, answering an oversized message with the same DynamoDB-style 413 as
 * {@link Guard} rather than Netty's empty one. {@link Guard} answers every over-limit body before
 * it gets here (and drains it); this stays as the bound on what is gathered. An {@code Expect}
 * header other than {@code 100-continue} is answered 417 with a JSON ValidationException rather
 * than Netty's empty 417.
 */
final class TooLargeAggregator extends HttpObjectAggregator {
    private final int bodyBytesMax;

    TooLargeAggregator(int bodyBytesMax) {
        super(bodyBytesMax);
        this.bodyBytesMax = bodyBytesMax;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        String expect = start.headers().get(HttpHeaderNames.EXPECT, ""); // Netty removes it
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse netty && netty.status().equals(HttpResponseStatus.EXPECTATION_FAILED)) {
            netty.release();
            return DynamoServer.response(HttpResponseStatus.EXPECTATION_FAILED, "application/x-amz-json-1.0",
                    Operations.error(new DynamoException(ErrorType.ValidationException,
                            "Unsupported Expect header: " + expect + " (only 100-continue is)")));
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse response = Guard.tooLarge(-1, bodyBytesMax);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}

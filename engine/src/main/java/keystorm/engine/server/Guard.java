package keystorm.engine.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;

/**
 * One connection's request bounds, checked before a request is gathered: a request whose
 * Content-Length is over {@code bodyBytesMax} is answered 413 at once, from its headers, and
 * what it still sends is read and dropped (so the client, still sending, can read the answer
 * rather than be reset), then the connection is closed; a chunked body is answered the same
 * once it grows over the limit; headers or a request line over the
 * codec's bounds are answered 431 or 414; a request that has not fully arrived {@code
 * requestNanos} after its first byte is answered 408 and closed (one whose first bytes came in the
 * read that completed the request before it: {@code requestNanos} after its headers are decoded;
 * until they are, only the idle timeout bounds it). Every answer carries a
 * DynamoDB-style JSON error body. Runs on the connection's event loop; holds no thread.
 */
final class Guard extends ChannelInboundHandlerAdapter {
    private final long bodyBytesMax;
    private final long requestNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    /** An over-limit request was answered: drop what it still sends, close after its last byte. */
    private boolean draining;
    /** The body bytes of the request arriving, for one that does not declare its length (chunked). */
    private long received;

    Guard(long bodyBytesMax, long requestNanos) {
        this.bodyBytesMax = bodyBytesMax;
        this.requestNanos = requestNanos;
    }

    /** The handler that goes before the HTTP codec: a request's first byte starts its deadline. */
    ChannelInboundHandler arrivals() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext head, Object msg) {
                if (deadline == null && msg instanceof ByteBuf buf && buf.isReadable()) {
                    deadline = head.executor().schedule(Guard.this::expire, requestNanos, TimeUnit.NANOSECONDS);
                }
                head.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (draining) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                cancel();
                ctx.close();
            }
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                Throwable cause = request.decoderResult().cause();
                HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                        ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                        : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                        : HttpResponseStatus.BAD_REQUEST;
                String what = cause instanceof TooLongHttpHeaderException
                        ? "The request's headers are over " + DynamoServer.HEADER_BYTES_MAX + " bytes"
                        : cause instanceof TooLongHttpLineException
                        ? "The request line is over " + DynamoServer.INITIAL_LINE_BYTES_MAX + " bytes"
                        : "Malformed HTTP request: " + (cause instanceof TooLongFrameException
                                ? cause.getMessage() : String.valueOf(cause.getMessage()));
                ReferenceCountUtil.release(msg);
                cancel();
                draining = true; // the codec drops the rest of a bad message; nothing more is read from it
                answerAndClose(status, what);
                return;
            }
            received = 0;
            if (deadline == null) {
                // its first bytes came in the read that ended the request before it (pipelined), after
                // that request's deadline was cancelled: the clock starts now, its headers decoded
                deadline = ctx.executor().schedule(this::expire, requestNanos, TimeUnit.NANOSECONDS);
            }
            long length;
            try {
                length = HttpUtil.getContentLength(request, -1L);
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length > bodyBytesMax) {
                boolean expectsContinue = HttpUtil.is100ContinueExpected(request);
                ReferenceCountUtil.release(msg);
                FullHttpResponse response = tooLarge(length, bodyBytesMax);
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                if (expectsContinue) {
                    // the client waits for 100 Continue before sending the body: it will not send it
                    cancel();
                    draining = true;
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                } else {
                    draining = true; // closed once the body's last byte is read, or at the deadline
                    ctx.writeAndFlush(response);
                }
                return;
            }
        }
        if (msg instanceof io.netty.handler.codec.http.HttpContent content && content.decoderResult().isFailure()) {
            // a body the codec could not frame (a chunk size that is no hex number): the aggregator
            // would hand on what came before it as if the request were whole
            Throwable cause = content.decoderResult().cause();
            ReferenceCountUtil.release(msg);
            cancel();
            draining = true;
            answerAndClose(HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request body: " + cause.getMessage());
            return;
        }
        if (msg instanceof io.netty.handler.codec.http.HttpContent content) {
            received += content.content().readableBytes();
            if (received > bodyBytesMax) {
                // a body that did not declare its length grew over the limit: answered as one that did
                boolean last = msg instanceof LastHttpContent;
                ReferenceCountUtil.release(msg);
                FullHttpResponse response = tooLarge(-1, bodyBytesMax);
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                draining = true;
                if (last) {
                    cancel();
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                } else {
                    ctx.writeAndFlush(response);
                }
                return;
            }
        }
        if (msg instanceof LastHttpContent) {
            cancel();
        }
        ctx.fireChannelRead(msg);
    }

    static FullHttpResponse tooLarge(long length, long max) {
        String message = (length < 0 ? "Request body" : "Request body of " + length + " bytes")
                + " is over the limit of " + max + " bytes (16 MB)";
        return DynamoServer.response(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "application/x-amz-json-1.0",
                Operations.error(new DynamoException(ErrorType.ValidationException, message)));
    }

    /** The request did not arrive in time: 408, unless it was already answered; then closed. */
    private void expire() {
        deadline = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (draining) {
            ctx.close();
            return;
        }
        draining = true;
        answerAndClose(HttpResponseStatus.REQUEST_TIMEOUT,
                "The request did not arrive within " + TimeUnit.NANOSECONDS.toMillis(requestNanos) + " ms");
    }

    private void answerAndClose(HttpResponseStatus status, String message) {
        FullHttpResponse response = DynamoServer.response(status, "application/x-amz-json-1.0",
                Operations.error(new DynamoException(ErrorType.ValidationException, message)));
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}

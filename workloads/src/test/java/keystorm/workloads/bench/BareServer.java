package keystorm.workloads.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Netty HTTP server on a free loopback port that plays a broken or trivial DynamoDB: it closes
 * each connection on its first request, never answers, answers every request with one status and
 * body, or answers a GetItem with the number in its sort key as the consumed capacity (so a test
 * can tell which request an answer was for). It counts connections and the most requests it read
 * in one read (more than one: the client pipelines).
 */
final class BareServer implements AutoCloseable {
    enum Mode { CLOSE, SILENT, FIXED, ECHO_UNITS }

    private static final Pattern SORT_KEY = Pattern.compile("\"sk\":\\{\"S\":\"s(\\d+)\"");

    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger mostRequestsInOneRead = new AtomicInteger();
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel channel;
    private final Mode mode;
    private final int status;
    private final byte[] body;

    private BareServer(Mode mode, int status, String body) throws InterruptedException {
        this.mode = mode;
        this.status = status;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    static BareServer closing() throws InterruptedException {
        return new BareServer(Mode.CLOSE, 0, "");
    }

    static BareServer silent() throws InterruptedException {
        return new BareServer(Mode.SILENT, 0, "");
    }

    static BareServer fixed(int status, String body) throws InterruptedException {
        return new BareServer(Mode.FIXED, status, body);
    }

    static BareServer echoUnits() throws InterruptedException {
        return new BareServer(Mode.ECHO_UNITS, 200, "");
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort());
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        int inThisRead;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            requests.incrementAndGet();
            mostRequestsInOneRead.accumulateAndGet(++inThisRead, Math::max);
            switch (mode) {
                case CLOSE -> ctx.close();
                case SILENT -> {
                }
                case FIXED -> answer(ctx, status, body);
                case ECHO_UNITS -> {
                    Matcher sk = SORT_KEY.matcher(request.content().toString(StandardCharsets.UTF_8));
                    String units = sk.find() ? sk.group(1) : "-1";
                    answer(ctx, 200, ("{\"Item\":{\"pk\":{\"S\":\"p\"}},\"ConsumedCapacity\":{\"TableName\":\"t\","
                            + "\"CapacityUnits\":" + units + "}}").getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            inThisRead = 0;
            ctx.flush();
        }

        private void answer(ChannelHandlerContext ctx, int code, byte[] bytes) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(code), Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-amz-json-1.0")
                    .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            ctx.write(response);
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

package keystorm.workloads.nemesis;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One client connection through the {@link NetworkProxy} and its connection to the target: two
 * directions, each relaying what one side reads to the other under the proxy's current
 * {@link NetworkProxy.Conditions}.
 *
 * <p>Both channels run on the client channel's event loop, so the directions' state is read and
 * written by one thread. A direction keeps its chunks in a FIFO queue, each due at
 * {@code max(read + delay, due of the one ahead)}, and one scheduled drain delivers the head
 * when it is due: under jitter the chunks of one direction still arrive in the order they were
 * read. Each direction counts the bytes it holds (queued or not yet flushed) and stops reading
 * its source above {@code pendingBytesMax}, reading again at half of it: the memory a connection
 * holds is bounded whatever the delay.
 */
final class ProxyConnection {
    final Channel client;
    volatile Channel server;
    /** Bytes were discarded (a blackhole) or it was accepted in one: its streams are not whole any more. */
    volatile boolean spoilt;
    private final NetworkProxy proxy;
    private final Direction up;
    private final Direction down;

    ProxyConnection(NetworkProxy proxy, Channel client, int pendingBytesMax) {
        this.proxy = proxy;
        this.client = client;
        this.up = new Direction(true, pendingBytesMax);
        this.down = new Direction(false, pendingBytesMax);
    }

    /** Reads what the client sends, relays it up to the server. */
    ChannelInboundHandlerAdapter clientHandler() {
        return new Relay(up, down);
    }

    /** Reads what the server answers, relays it down to the client. */
    ChannelInboundHandlerAdapter serverHandler() {
        return new Relay(down, up);
    }

    /** Closes both sides now. */
    void close() {
        client.close();
        Channel s = server;
        if (s != null) {
            s.close();
        }
    }

    /** Closes the client's side with a TCP reset (SO_LINGER 0), and the server's side plainly. */
    ChannelFuture reset() {
        if (client.isOpen()) {
            client.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        Channel s = server;
        if (s != null) {
            s.close();
        }
        return client.close();
    }

    private final class Relay extends ChannelInboundHandlerAdapter {
        private final Direction direction;
        private final Direction opposite;

        Relay(Direction direction, Direction opposite) {
            this.direction = direction;
            this.opposite = opposite;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            NetworkProxy.Conditions now = proxy.conditions();
            if (now.cut() == NetworkProxy.Cut.BLACKHOLE || direction.sink() == null) {
                spoilt = true;
                ReferenceCountUtil.release(msg);
                return;
            }
            if (now.cut() == NetworkProxy.Cut.RESET) {
                ReferenceCountUtil.release(msg);
                reset();
                return;
            }
            if (proxy.drops(now)) {
                ReferenceCountUtil.release(msg);
                close();
                return;
            }
            direction.send((ByteBuf) msg, proxy.delayNanos(now));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // This side went away: what it sent still reaches the other side, then that closes too;
            // what was on its way to this side is dropped.
            opposite.discard();
            direction.send(null, 0);
            if (direction == up) {
                proxy.forget(ProxyConnection.this);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            close(); // a reset or a broken pipe on either side: the connection is over
        }
    }

    /** A chunk on its way, or (null) the close that follows the last one. */
    private record Held(ByteBuf chunk, long dueNanos) {}

    /** One way through the proxy: the chunks it holds, in order, each with the time it is due. */
    private final class Direction {
        private final boolean upward;
        private final int pendingBytesMax;
        private final ArrayDeque<Held> queue = new ArrayDeque<>();
        private long pendingBytes;
        private long lastDueNanos = System.nanoTime();
        private boolean drainScheduled;

        Direction(boolean upward, int pendingBytesMax) {
            this.upward = upward;
            this.pendingBytesMax = pendingBytesMax;
        }

        Channel source() {
            return upward ? client : server;
        }

        Channel sink() {
            return upward ? server : client;
        }

        /** Queues a chunk (or, null, the sink's close) to go after {@code delayNanos}, never before the one ahead. */
        void send(ByteBuf chunk, long delayNanos) {
            long now = System.nanoTime();
            long due = Math.max(now + delayNanos, lastDueNanos);
            lastDueNanos = due;
            if (chunk != null) {
                pendingBytes += chunk.readableBytes();
                Channel source = source();
                if (pendingBytes > pendingBytesMax && source.config().isAutoRead()) {
                    source.config().setAutoRead(false);
                }
            }
            queue.add(new Held(chunk, due));
            drain();
        }

        /** Delivers every chunk that is due, in order, and wakes up again for the next. */
        private void drain() {
            long now = System.nanoTime();
            while (!queue.isEmpty() && queue.peek().dueNanos() - now <= 0) {
                deliver(queue.poll());
            }
            if (!queue.isEmpty() && !drainScheduled) {
                drainScheduled = true;
                client.eventLoop().schedule(() -> {
                    drainScheduled = false;
                    drain();
                }, queue.peek().dueNanos() - now, TimeUnit.NANOSECONDS);
            }
        }

        private void deliver(Held held) {
            Channel sink = sink();
            if (held.chunk() == null) {
                if (sink != null) {
                    sink.close();
                }
                return;
            }
            int size = held.chunk().readableBytes();
            if (proxy.conditions().cut() == NetworkProxy.Cut.BLACKHOLE) {
                spoilt = true; // a blackhole forwards nothing, not even what was on its way before it
            }
            if (sink == null || !sink.isActive() || spoilt) {
                ReferenceCountUtil.release(held.chunk());
                released(size);
                return;
            }
            sink.writeAndFlush(held.chunk()).addListener(written -> {
                released(size);
                if (!written.isSuccess()) {
                    close();
                }
            });
        }

        private void released(int size) {
            pendingBytes -= size;
            assert pendingBytes >= 0 : "released more than held: " + pendingBytes;
            Channel source = source();
            if (pendingBytes <= pendingBytesMax / 2 && source != null && source.isActive() && !source.config().isAutoRead()) {
                source.config().setAutoRead(true);
            }
        }

        /** Drops what is queued (its sink is gone). */
        void discard() {
            for (Held held; (held = queue.poll()) != null; ) {
                if (held.chunk() != null) {
                    released(held.chunk().readableBytes());
                    ReferenceCountUtil.release(held.chunk());
                }
            }
        }
    }
}

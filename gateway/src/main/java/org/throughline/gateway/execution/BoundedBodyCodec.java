package org.throughline.gateway.execution;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A response body read into memory up to a bound: past it, the response fails with {@link TooLarge} and the rest of
 * the body is dropped as it arrives, so a subgraph that answers with more than the gateway can hold costs it no
 * more memory than the bound. The body is the chunks as they came, not copied into one growing array (a third of
 * what the gateway allocated under the nested benchmark query without deduplication): a large answer is parsed from
 * them in place.
 */
final class BoundedBodyCodec implements BodyCodec<Buffer> {

    /** The body went beyond the bound. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long bound) {
            super("the response is larger than " + bound + " bytes", null, false, false);
        }
    }

    private final long bound;

    BoundedBodyCodec(long bound) {
        this.bound = bound;
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<Buffer>>> handler) {
        handler.handle(Future.succeededFuture(new Body()));
    }

    private final class Body implements BodyStream<Buffer> {
        private final Promise<Buffer> result = Promise.promise();
        /**
         * The chunks, on the heap as Vert.x hands them over (its chunks ignore reference counts): the collector frees
         * them, so this composite is built directly rather than by an allocator that would track it for leaks.
         */
        private final CompositeByteBuf body = new CompositeByteBuf(UnpooledByteBufAllocator.DEFAULT, false,
                Integer.MAX_VALUE);
        private boolean over;

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (!over && body.readableBytes() + (long) data.length() > bound) {
                over = true;
                result.tryFail(new TooLarge(bound));
            }
            if (!over) {
                body.addComponent(true, data.getByteBuf());
            }
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            Future<Void> written = write(data);
            if (handler != null) {
                handler.handle(written);
            }
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(Buffer.buffer(body));
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}

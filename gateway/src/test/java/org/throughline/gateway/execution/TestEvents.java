package org.throughline.gateway.execution;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The source of a test subgraph's subscription field: every subscriber receives what the test emits from then on,
 * each at the pace it asks for, until the test completes the source. The test waits for the gateway to have
 * subscribed ({@link #awaitSubscribers}) before it emits.
 */
final class TestEvents implements Publisher<Object> {

    private final List<Feed> feeds = new CopyOnWriteArrayList<>();

    @Override
    public void subscribe(Subscriber<? super Object> subscriber) {
        Feed feed = new Feed(subscriber);
        feeds.add(feed);
        subscriber.onSubscribe(feed);
    }

    /** Sends the event to every subscriber there is now. */
    void emit(Object event) {
        feeds.forEach(feed -> feed.offer(event));
    }

    /** Completes every subscription there is now. */
    void complete() {
        feeds.forEach(Feed::complete);
    }

    int subscribers() {
        return feeds.size();
    }

    /** Waits until exactly this many subscribers are subscribed; fails the test if they are not within the time. */
    void awaitSubscribers(int count, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (feeds.size() != count) {
            if (System.nanoTime() > until) {
                throw new AssertionError("expected " + count + " subscribers, have " + feeds.size());
            }
            Thread.sleep(10);
        }
    }

    /** One subscriber's events not yet delivered, and what it has asked for. */
    private final class Feed implements Subscription {
        private final Subscriber<? super Object> subscriber;
        private final Queue<Object> queued = new ArrayDeque<>();
        private long demand;
        private boolean completed;
        private boolean draining;

        Feed(Subscriber<? super Object> subscriber) {
            this.subscriber = subscriber;
        }

        synchronized void offer(Object event) {
            queued.add(event);
            drain();
        }

        synchronized void complete() {
            completed = true;
            drain();
        }

        @Override
        public synchronized void request(long n) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            drain();
        }

        @Override
        public void cancel() {
            feeds.remove(this);
        }

        private void drain() {
            if (draining) {
                return;
            }
            draining = true;
            try {
                while (demand > 0 && !queued.isEmpty()) {
                    demand--;
                    subscriber.onNext(queued.poll());
                }
                if (completed && queued.isEmpty()) {
                    feeds.remove(this);
                    subscriber.onComplete();
                    completed = false;
                }
            } finally {
                draining = false;
            }
        }
    }
}

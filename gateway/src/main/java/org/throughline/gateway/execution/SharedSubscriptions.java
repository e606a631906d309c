package org.throughline.gateway.execution;

import org.throughline.gateway.execution.SubgraphTransport.SubgraphEvents;
import org.throughline.gateway.execution.SubgraphTransport.SubgraphSubscription;
import org.throughline.gateway.supergraph.Subgraph;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One subscription to a subgraph for all identical ones: the same operation, variables and forwarded headers (the
 * caller's token among them, so that callers share only what the subgraph would have answered each of them alike).
 * The first subscriber starts it, every event reaches each subscriber (a copy of its own, since each completes and
 * changes it), and the last one to leave cancels it; its end ends all of them.
 */
final class SharedSubscriptions {

    /** Headers that differ per request without changing what the subgraph answers: not part of what is shared. */
    private static final Set<String> PER_REQUEST = Set.of("traceparent", "tracestate", "x-request-id");

    private record Key(String subgraph, String operation, Map<String, Object> variables, Map<String, String> headers) {
    }

    private final SubgraphTransport transport;
    private final Map<Key, Fanout> live = new ConcurrentHashMap<>();

    SharedSubscriptions(SubgraphTransport transport) {
        this.transport = transport;
    }

    SubgraphSubscription subscribe(Subgraph subgraph, String operation, Map<String, Object> variables,
                                   Map<String, String> headers, SubgraphEvents events) {
        Map<String, String> shared = new TreeMap<>();
        headers.forEach((name, value) -> {
            if (!PER_REQUEST.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                shared.put(name.toLowerCase(java.util.Locale.ROOT), value);
            }
        });
        Key key = new Key(subgraph.name(), operation, variables, shared);
        while (true) {
            Fanout fanout = live.computeIfAbsent(key, Fanout::new);
            Boolean first = fanout.add(events);
            if (first == null) {
                // It ended between being found and being joined: a new one is made.
                live.remove(key, fanout);
                continue;
            }
            if (first) {
                fanout.upstream(transport.subscribe(subgraph, operation, variables, headers, fanout));
            }
            return () -> fanout.remove(events);
        }
    }

    /** One subgraph subscription and its subscribers. */
    private final class Fanout implements SubgraphEvents {
        private final Key key;
        private final List<SubgraphEvents> subscribers = new CopyOnWriteArrayList<>();
        private boolean over;
        private SubgraphSubscription upstream;
        private boolean cancelled;

        Fanout(Key key) {
            this.key = key;
        }

        /** Adds a subscriber: whether it is the first; null when the subscription is over already. */
        synchronized Boolean add(SubgraphEvents events) {
            if (over) {
                return null;
            }
            subscribers.add(events);
            return subscribers.size() == 1;
        }

        void upstream(SubgraphSubscription subscription) {
            boolean cancelNow;
            synchronized (this) {
                upstream = subscription;
                cancelNow = cancelled;
            }
            if (cancelNow) {
                subscription.cancel();
            }
        }

        void remove(SubgraphEvents events) {
            SubgraphSubscription cancel = null;
            synchronized (this) {
                if (!subscribers.remove(events) || !subscribers.isEmpty() || over) {
                    return;
                }
                over = true;
                cancelled = true;
                cancel = upstream;
            }
            live.remove(key, this);
            if (cancel != null) {
                cancel.cancel();
            }
        }

        /** Ends the subscription for everyone: no one joins it any more. */
        private List<SubgraphEvents> end() {
            synchronized (this) {
                over = true;
            }
            live.remove(key, this);
            return List.copyOf(subscribers);
        }

        @Override
        public void next(Map<String, Object> response) {
            List<SubgraphEvents> each = List.copyOf(subscribers);
            for (int i = 0; i < each.size(); i++) {
                // The last subscriber takes the event itself, the others a copy each.
                each.get(i).next(i == each.size() - 1 ? response : cast(CompactMap.deepCopy(response)));
            }
        }

        @Override
        public void errors(List<Map<String, Object>> errors) {
            end().forEach(subscriber -> subscriber.errors(errors));
        }

        @Override
        public void failed(SubgraphException failure) {
            end().forEach(subscriber -> subscriber.failed(failure));
        }

        @Override
        public void completed() {
            end().forEach(SubgraphEvents::completed);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}

package org.throughline.subgraph.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import org.jboss.logging.Logger;
import org.throughline.subgraph.Roles;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The service's events over HTTP, as server-sent events, for the services that follow it (governance follows plan
 * and KPIs): from the position after the {@code Last-Event-ID} the client names (or {@code ?after=}), every event in
 * feed order, then each new one as it commits; each event's id is its position, so a client that reconnects with
 * the last id it handled misses nothing and gets nothing twice. Without a position the stream starts now. The first
 * event, named {@value #READY}, carries the position the stream starts after as its id. A comment
 * line every 15 seconds keeps an idle stream open through proxies and tells a dead client from a quiet feed.
 */
@Path("/events")
public class EventFeedResource {

    /** The name of the stream's first event, whose id is the position it starts after. */
    public static final String READY = "ready";

    private static final Logger LOG = Logger.getLogger(EventFeedResource.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Duration HELD_BACK = Duration.ofMillis(20);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    /** One thread per open stream: a few (one per replica of each follower), each mostly waiting. */
    private static final ExecutorService STREAMS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "event-feed-stream");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    EventFeed feed;

    @Inject
    EventRelay relay;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.GOVERNANCE_SERVICE})
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId,
                                          @QueryParam("after") String after, @Context Sse sse) throws SQLException {
        String given = lastEventId != null ? lastEventId : after;
        FeedPosition from = given == null ? feed.head() : FeedPosition.parse(given).orElseThrow(
                () -> problem(given));
        // Handed to the server as a stream it subscribes to once the answer has begun, never written to from another
        // thread before that (which HTTP/2 refuses); read from the outbox on a thread of its own, as the client asks.
        return Multi.createFrom().emitter(out -> STREAMS.execute(() -> follow(from, out, sse)),
                BackPressureStrategy.BUFFER);
    }

    private void follow(FeedPosition from, MultiEmitter<? super OutboundSseEvent> out, Sse sse) {
        FeedPosition position = from;
        try {
            // First, where the stream starts: a client that never followed this feed keeps it as its position.
            send(out, sse.newEventBuilder().id(from.toString()).name(READY).data("{}").build());
            while (!out.isCancelled()) {
                long seen = relay.generation();
                EventFeed.Page page = feed.after(position, EventFeed.PAGE);
                for (OutboxEvent event : page.events()) {
                    send(out, sse.newEventBuilder().id(event.position().toString()).name(event.type())
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(event.toJson(json)).build());
                }
                position = page.last(position);
                if (page.events().size() < EventFeed.PAGE
                        && !relay.awaitChange(seen, page.heldBack() ? HELD_BACK : KEEP_ALIVE)
                        && !page.heldBack()) {
                    send(out, sse.newEventBuilder().comment("keep-alive").build());
                }
            }
            out.complete();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.complete();
        } catch (Exception e) {
            // The client went away (the usual end of a stream), or the database did: the client reconnects from the
            // last id it handled either way.
            LOG.debugf("event stream ended at %s: %s", position, e);
            out.complete();
        }
    }

    /** Emits once the client wants more, so that a slow client holds its stream back rather than filling memory. */
    private static void send(MultiEmitter<? super OutboundSseEvent> out, OutboundSseEvent event)
            throws InterruptedException, TimeoutException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SEND_TIMEOUT_SECONDS);
        while (out.requested() == 0 && !out.isCancelled()) {
            if (System.nanoTime() > until) {
                throw new TimeoutException("the client took nothing for " + SEND_TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(5);
        }
        if (!out.isCancelled()) {
            out.emit(event);
        }
    }

    private static WebApplicationException problem(String given) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://throughline.dev/problems/bad-position");
        problem.put("title", "Not a position in the event feed");
        problem.put("status", 400);
        problem.put("detail", "'" + Optional.of(given).map(text -> text.length() > 60 ? text.substring(0, 60) + "…" : text)
                .get() + "' is not an event id of this feed; an id looks like 1234-56 (give none to start now)");
        return new WebApplicationException(Response.status(400).type("application/problem+json").entity(problem).build());
    }
}

package org.throughline.governance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.throughline.governance.signal.SignalConfig;
import org.throughline.governance.signal.SignalTrigger;
import org.throughline.subgraph.events.EventFeedResource;
import org.throughline.subgraph.events.FeedPosition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows the event feeds of plan-service and kpi-service (server-sent events at their {@code /events}), under
 * governance's service account, and hands every event to the signal trigger: a measurement, a milestone's change or
 * an owner's handover is re-evaluated within moments, not at the next timer. Each feed is followed from the position
 * stored with the last evaluation, so what happened while governance or the upstream service was down is caught up
 * once both are back; a broken stream is reopened from the last event received, with a growing pause while the
 * service stays away.
 */
@ApplicationScoped
public class UpstreamEvents {

    private static final Logger LOG = Logger.getLogger(UpstreamEvents.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    @Inject
    SignalConfig config;

    @ConfigProperty(name = "quarkus.smallrye-graphql-client.plan.url")
    String planUrl;

    @ConfigProperty(name = "quarkus.smallrye-graphql-client.kpi.url")
    String kpiUrl;

    @Inject
    FollowedFeeds feeds;

    @Inject
    SignalTrigger trigger;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, FeedPosition> received = new ConcurrentHashMap<>();
    private final List<Thread> followers = new ArrayList<>();
    private volatile boolean running;

    void start(@Observes StartupEvent started) {
        if (!config.onEvents()) {
            return;
        }
        running = true;
        follow(Upstream.PLAN, planUrl);
        follow(Upstream.KPI, kpiUrl);
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        followers.forEach(Thread::interrupt);
    }

    /** The position of the last event received from the source in this run; empty before the first. */
    public Optional<FeedPosition> received(String source) {
        return Optional.ofNullable(received.get(source));
    }

    private void follow(String source, String graphqlUrl) {
        URI feed = URI.create(graphqlUrl.replaceFirst("/graphql/?$", "") + "/events");
        Thread thread = new Thread(() -> followForever(source, feed), "follow-" + source);
        thread.setDaemon(true);
        followers.add(thread);
        thread.start();
    }

    private void followForever(String source, URI feed) {
        Duration pause = FIRST_PAUSE;
        boolean reported = false;
        while (running) {
            try {
                if (stream(source, feed)) {
                    pause = FIRST_PAUSE;
                    reported = false;
                }
            } catch (IOException | RuntimeException e) {
                if (!reported) {
                    LOG.warnf("the events of %s cannot be followed (%s); trying again, and signals stay on the timer "
                            + "meanwhile", source, e.getMessage() == null ? e.toString() : e.getMessage());
                    reported = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    /** Reads one stream until it ends; true if it delivered anything (the service was there). */
    private boolean stream(String source, URI feed) throws IOException, InterruptedException {
        Optional<FeedPosition> from = Optional.ofNullable(received.get(source)).or(() -> feeds.position(source));
        HttpRequest.Builder request = HttpRequest.newBuilder(feed).GET().header("Accept", "text/event-stream");
        from.ifPresent(position -> request.header("Last-Event-ID", position.toString()));
        String authorization = ServiceAccount.authorization();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from " + feed);
            }
            boolean delivered = false;
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while (running && (line = lines.readLine()) != null) {
                delivered = true;
                if (line.isEmpty()) {
                    dispatch(source, id, name, data.toString());
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                }
                // Lines starting with ':' are the stream's keep-alive comments.
            }
            return delivered;
        }
    }

    private void dispatch(String source, String id, String name, String data) throws IOException {
        if (id == null) {
            return;
        }
        FeedPosition position = FeedPosition.parse(id)
                .orElseThrow(() -> new IOException(source + " sent an event id that is no position: " + id));
        if (EventFeedResource.READY.equals(name)) {
            feeds.start(source, position);
            return;
        }
        received.put(source, position);
        JsonNode event = json.readTree(data);
        LOG.debugf("%s: %s %s %s", source, event.path("type").asText(), event.path("aggregateType").asText(),
                event.path("aggregateId").asText());
        trigger.request(source, position, event.path("aggregateType").textValue(),
                event.path("aggregateId").textValue(), event.get("payload"));
    }
}

package org.throughline.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.throughline.gateway.GatewayConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Operations a client names by hash instead of sending their text. Automatic persisted queries (Apollo's
 * {@code extensions.persistedQuery} with a SHA-256 hash): a client sends the hash alone, and on
 * {@code PersistedQueryNotFound} sends it again with the text, which the gateway then keeps (bounded, least used
 * evicted first); a hash alone also works as a GET, which caches can keep. Trusted documents: a manifest in Apollo's
 * persisted-query-manifest format lists the operations a front end ships; its operations are known by id from the
 * start, and in safelist mode they are the only operations that run, sent by id or with a text that is in it.
 */
@ApplicationScoped
public class PersistedOperations {

    private static final Logger LOG = Logger.getLogger(PersistedOperations.class);

    /** What a request comes to: the operation's text, or the error to answer with. */
    public record Resolved(String query, String code, String message) {
        static Resolved text(String query) {
            return new Resolved(query, null, null);
        }

        static Resolved refused(String code, String message) {
            return new Resolved(null, code, message);
        }

        public boolean refused() {
            return code != null;
        }
    }

    private final boolean automatic;
    private final boolean safelist;
    /** The manifest's operations by id and by the hash of their text. */
    private final Map<String, String> trusted;
    private final Cache<String, String> registered;

    public PersistedOperations(GatewayConfig config, ObjectMapper json) {
        GatewayConfig.PersistedOperations settings = config.persistedOperations();
        this.safelist = settings.safelist();
        this.automatic = settings.automatic() && !safelist;
        this.trusted = settings.manifest().map(path -> read(json, path)).orElse(Map.of());
        if (safelist && settings.manifest().isEmpty()) {
            throw new IllegalStateException("throughline.gateway.persisted-operations.safelist needs a manifest: set "
                    + "throughline.gateway.persisted-operations.manifest");
        }
        this.registered = Caffeine.newBuilder().maximumWeight(settings.maxRegisteredCharacters())
                .weigher((String hash, String text) -> hash.length() + text.length()).build();
    }

    /**
     * The text to run for a request's {@code query} and {@code extensions}; a refusal when the hash is unknown, does
     * not match the text, or the operation is not on the safelist.
     */
    public Resolved resolve(String query, Object extensions) {
        Object persisted = extensions instanceof Map<?, ?> map ? map.get("persistedQuery") : null;
        if (persisted == null) {
            if (query != null && safelist && !trusted.containsKey(sha256(query))) {
                return Resolved.refused("PERSISTED_QUERY_NOT_IN_LIST", "this gateway runs only the operations of its "
                        + "manifest; this one is not in it");
            }
            return Resolved.text(query);
        }
        if (!(persisted instanceof Map<?, ?> fields) || !Integer.valueOf(1).equals(number(fields.get("version")))
                || !(fields.get("sha256Hash") instanceof String given) || !given.matches("(?i)[0-9a-f]{64}")) {
            return Resolved.refused("BAD_REQUEST", "extensions.persistedQuery must be {\"version\": 1, "
                    + "\"sha256Hash\": \"<64 hexadecimal digits>\"}");
        }
        String hash = given.toLowerCase(Locale.ROOT);
        if (query != null) {
            if (!sha256(query).equals(hash)) {
                return Resolved.refused("PERSISTED_QUERY_HASH_MISMATCH", "the query's SHA-256 hash is not "
                        + "extensions.persistedQuery.sha256Hash");
            }
            if (safelist && !trusted.containsKey(hash)) {
                return Resolved.refused("PERSISTED_QUERY_NOT_IN_LIST", "this gateway runs only the operations of "
                        + "its manifest; this one is not in it");
            }
            if (automatic) {
                registered.put(hash, query);
            }
            return Resolved.text(query);
        }
        String known = trusted.get(hash);
        if (known == null && automatic) {
            known = registered.getIfPresent(hash);
        }
        if (known != null) {
            return Resolved.text(known);
        }
        if (automatic) {
            // Apollo Client's persisted-queries link reads this very message and sends the text next.
            return Resolved.refused("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound");
        }
        return safelist ? Resolved.refused("PERSISTED_QUERY_NOT_IN_LIST", "no operation of this gateway's manifest "
                + "has this id") : Resolved.refused("PERSISTED_QUERY_NOT_SUPPORTED", "PersistedQueryNotSupported");
    }

    private static Integer number(Object value) {
        return value instanceof Number number && number.doubleValue() == number.intValue() ? number.intValue() : null;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** An Apollo persisted-query manifest: {@code {"format": "apollo-persisted-query-manifest", "operations": [...]}}. */
    private static Map<String, String> read(ObjectMapper json, Path path) {
        JsonNode manifest;
        try {
            manifest = json.readTree(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the persisted operations manifest " + path, e);
        }
        if (manifest == null || !"apollo-persisted-query-manifest".equals(manifest.path("format").asText())
                || !manifest.path("operations").isArray()) {
            throw new IllegalStateException(path + " is not an Apollo persisted query manifest (format "
                    + "apollo-persisted-query-manifest, version 1, operations [{id, name, type, body}])");
        }
        Map<String, String> operations = new HashMap<>();
        for (JsonNode operation : manifest.get("operations")) {
            String id = operation.path("id").asText("");
            String body = operation.path("body").asText("");
            if (id.isEmpty() || body.isEmpty()) {
                throw new IllegalStateException(path + ": every operation needs an id and a body; "
                        + operation.path("name").asText("one") + " has not");
            }
            operations.put(id.toLowerCase(Locale.ROOT), body);
            operations.put(sha256(body), body);
        }
        LOG.infof("Persisted operations: %d from %s", manifest.get("operations").size(), path);
        return Map.copyOf(operations);
    }
}

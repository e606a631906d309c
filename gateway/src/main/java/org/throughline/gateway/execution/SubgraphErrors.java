package org.throughline.gateway.execution;

import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a subgraph's errors reach the client. By default they are masked: the client gets the message, its path in
 * the client's response and the code, while internals a subgraph may let slip (stack traces, exception classes,
 * hosts and ports, SQL) never leave the gateway: a message that shows any, or comes without a code (nothing the
 * subgraph meant to tell), is replaced by a plain one, and the original goes to the gateway's log. Extensions other
 * than {@code code} and {@code field} are dropped. Subgraphs named to pass their errors on have them forwarded as
 * they are, extensions included.
 */
public final class SubgraphErrors {

    private static final Logger LOG = Logger.getLogger(SubgraphErrors.class);

    /** The code an error from a subgraph gets when it has none, as Apollo's gateway gives it. */
    static final String UNCLASSIFIED = "DOWNSTREAM_SERVICE_ERROR";
    private static final Set<String> KEPT_EXTENSIONS = Set.of("code", "field");
    private static final int MESSAGE_LIMIT = 500;

    /** What gives internals away in a message. */
    private static final List<Pattern> INTERNALS = List.of(
            // a stack frame
            Pattern.compile("\\bat [\\w$]+(\\.[\\w$<>]+)+\\("),
            // a qualified exception class
            Pattern.compile("\\b([a-z_][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error|Throwable)\\b"),
            // a URL, a loopback or IPv4 address, a cluster host, a host with a port
            Pattern.compile("\\b[a-z][a-z0-9+.-]*://", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\blocalhost\\b|\\b\\d{1,3}(\\.\\d{1,3}){3}\\b|\\.svc\\b|\\.internal\\b",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b[a-z][\\w-]*(\\.[\\w-]+)+:\\d{2,5}\\b", Pattern.CASE_INSENSITIVE),
            // SQL and what databases say about it
            Pattern.compile("\\bselect\\b.+\\bfrom\\b|\\binsert\\s+into\\b|\\bupdate\\b.+\\bset\\b|\\bdelete\\s+from\\b"
                    + "|\\bSQLSTATE\\b|\\bSQL state\\b|\\bpsql\\b|\\bJDBC\\b|\\bconstraint \"", Pattern.CASE_INSENSITIVE
                    | Pattern.DOTALL));

    private final Set<String> passing;

    /** {@code passing}: the subgraphs whose errors are forwarded as they are. */
    public SubgraphErrors(Set<String> passing) {
        this.passing = Set.copyOf(passing);
    }

    public static final SubgraphErrors MASKED = new SubgraphErrors(Set.of());

    /** A subgraph error in the client's terms, at {@code path} (or its own path when null); no subgraph locations. */
    Map<String, Object> relocated(String subgraph, Map<String, Object> error, List<Object> path) {
        Map<String, Object> copy = new LinkedHashMap<>();
        Object message = error.getOrDefault("message", "subgraph error");
        Map<?, ?> extensions = error.get("extensions") instanceof Map<?, ?> map ? map : Map.of();
        Object code = extensions.get("code");
        boolean pass = passing.contains(subgraph);
        if (!pass && (!(code instanceof String) || !(message instanceof String text) || revealsInternals(text))) {
            LOG.warnf("Subgraph %s answered with an error that is masked for clients: %s", subgraph, error);
            message = "subgraph " + subgraph + " failed" + (path == null && error.get("path") == null ? ""
                    : " to resolve this field") + "; the gateway's log has the details";
        } else if (!pass && message instanceof String text && text.length() > MESSAGE_LIMIT) {
            message = text.substring(0, MESSAGE_LIMIT) + "… (cut)";
        }
        copy.put("message", message);
        if (path != null) {
            copy.put("path", path);
        } else if (error.get("path") != null) {
            copy.put("path", error.get("path"));
        }
        if (pass && !extensions.isEmpty()) {
            copy.put("extensions", extensions);
        } else {
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put("code", code instanceof String ? code : UNCLASSIFIED);
            extensions.forEach((key, value) -> {
                if (!"code".equals(key) && KEPT_EXTENSIONS.contains(key) && value instanceof String text
                        && !revealsInternals(text)) {
                    kept.put((String) key, value);
                }
            });
            copy.put("extensions", kept);
        }
        return copy;
    }

    static boolean revealsInternals(String text) {
        for (Pattern pattern : INTERNALS) {
            if (pattern.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }
}

package org.throughline.gateway.execution;

import org.throughline.gateway.supergraph.AccessRule;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who sends a request, as far as the supergraph's authorization directives care: signed in or not, the scopes of
 * the token, and the policies (named in {@code @policy}) the caller meets. {@link #UNCHECKED} is the insecure quick
 * start, where the directives are not enforced.
 */
public record Caller(boolean checked, boolean signedIn, Set<String> scopes, Set<String> policies) {

    /** Security off: every field may be asked for. */
    public static final Caller UNCHECKED = new Caller(false, false, Set.of(), Set.of());
    /** A request without a token, under enforced directives. */
    public static final Caller ANONYMOUS = new Caller(true, false, Set.of(), Set.of());

    public Caller {
        scopes = Set.copyOf(scopes);
        policies = Set.copyOf(policies);
    }

    public static Caller signedIn(Set<String> scopes, Set<String> policies) {
        return new Caller(true, true, scopes, policies);
    }

    /** Null when the caller meets the rule; else the code of the refusal (UNAUTHENTICATED or FORBIDDEN). */
    public String refusal(AccessRule rule) {
        if (!checked || rule.isNone() || rule.allows(signedIn, scopes, policies)) {
            return null;
        }
        return signedIn ? "FORBIDDEN" : "UNAUTHENTICATED";
    }

    /** Equal for callers that every rule treats alike: the key of a filtered operation in the plan cache. */
    String key() {
        return checked + "|" + signedIn + "|" + new TreeSet<>(scopes) + "|" + new TreeSet<>(policies);
    }
}

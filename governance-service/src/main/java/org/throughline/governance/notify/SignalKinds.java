package org.throughline.governance.notify;

import org.throughline.governance.signal.Severity;
import org.throughline.governance.signal.Signal;
import org.throughline.governance.signal.SignalKind;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/** A choice of signal kinds as stored (comma-separated, null for every kind), and what a choice lets through. */
final class SignalKinds {

    private SignalKinds() {
    }

    /** Null (every kind) for none given or for all of them. */
    static String stored(Collection<SignalKind> kinds) {
        if (kinds == null || kinds.isEmpty() || EnumSet.copyOf(kinds).size() == SignalKind.values().length) {
            return null;
        }
        return EnumSet.copyOf(kinds).stream().map(Enum::name).collect(Collectors.joining(","));
    }

    static List<SignalKind> read(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of(SignalKind.values());
        }
        return Arrays.stream(stored.split(",")).map(String::strip).map(SignalKind::valueOf).sorted().toList();
    }

    /** Whether a signal of this kind and severity passes a choice of kinds and a minimum severity. */
    static boolean passes(Signal signal, String storedKinds, Severity minimum) {
        return read(storedKinds).contains(signal.kind) && signal.severity.ordinal() <= minimum.ordinal();
    }
}

package org.throughline.subgraph.events;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an event stands in a service's feed: the transaction that wrote it (PostgreSQL's 64-bit transaction id), then
 * its place among the service's events. A reader only ever takes the events of transactions older than every one
 * still running, so no event can later appear before a position already read: the feed is read in this order, and a
 * consumer that keeps the position of the last event it handled resumes exactly after it. Written as
 * {@code <transaction>-<place>}, the id of a server-sent event.
 */
public record FeedPosition(long transaction, long place) implements Comparable<FeedPosition> {

    /** Before every event. */
    public static final FeedPosition START = new FeedPosition(0, 0);

    private static final Pattern TEXT = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

    /** The position written as text; empty when it is not one. */
    public static Optional<FeedPosition> parse(String text) {
        Matcher matcher = text == null ? null : TEXT.matcher(text.trim());
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FeedPosition(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(FeedPosition other) {
        int byTransaction = Long.compare(transaction, other.transaction);
        return byTransaction != 0 ? byTransaction : Long.compare(place, other.place);
    }

    @Override
    public String toString() {
        return transaction + "-" + place;
    }
}

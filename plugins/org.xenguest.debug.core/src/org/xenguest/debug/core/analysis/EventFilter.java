package org.xenguest.debug.core.analysis;

import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which rows of the event list to keep: by port, by vCPU, by kind, and by a regular expression
 * (or plain text) found in the row's text. Empty sets and a null pattern keep everything; the
 * parts are and-ed.
 */
public record EventFilter(Set<Integer> ports, Set<Integer> vcpus, Set<ChangeEvent.Kind> kinds, Pattern pattern)
        implements Predicate<ChangeEvent> {

    public EventFilter {
        ports = Set.copyOf(ports);
        vcpus = Set.copyOf(vcpus);
        kinds = Set.copyOf(kinds);
    }

    public static EventFilter all() {
        return new EventFilter(Set.of(), Set.of(), Set.of(), null);
    }

    /** A filter on text: a regular expression when {@code regex}, else the text itself (no case). */
    public static Pattern textPattern(String text, boolean regex) {
        return regex ? Pattern.compile(text) : Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE);
    }

    @Override
    public boolean test(ChangeEvent event) {
        if (!kinds.isEmpty() && !kinds.contains(event.kind())) {
            return false;
        }
        // A port or vCPU filter keeps that object's rows and the gaps: without them its rows would
        // read as if nothing had been missed. A kind filter can still leave the gaps out.
        if (!ports.isEmpty() && !(event.port() != null ? ports.contains(event.port()) : event.kind() == ChangeEvent.Kind.GAP)) {
            return false;
        }
        if (!vcpus.isEmpty() && !(event.vcpu() != null ? vcpus.contains(event.vcpu()) : event.kind() == ChangeEvent.Kind.GAP)) {
            return false;
        }
        return pattern == null || pattern.matcher(event.text()).find();
    }
}

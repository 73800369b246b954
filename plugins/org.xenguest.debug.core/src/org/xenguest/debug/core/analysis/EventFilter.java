package org.xenguest.debug.core.analysis;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

    /** A kind by its label ({@code port}, {@code gap}, ...), any case. */
    public static ChangeEvent.Kind kind(String label) {
        try {
            return ChangeEvent.Kind.valueOf(label.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label.strip() + ": not a kind (port, vcpu, ring, grants, xenstore, device,"
                    + " finding, gap)");
        }
    }

    /**
     * A filter from what a user typed: comma-separated ports, vCPUs and kinds (blank: any), and a
     * text or, when {@code regex}, a regular expression (blank: any).
     *
     * @throws IllegalArgumentException saying which field is wrong and why (a bad number, an
     *         unknown kind, a regular expression that does not compile and where)
     */
    public static EventFilter parse(String ports, String vcpus, String kinds, String text, boolean regex) {
        Set<ChangeEvent.Kind> kindSet = EnumSet.noneOf(ChangeEvent.Kind.class);
        for (String kind : items(kinds)) {
            kindSet.add(kind(kind));
        }
        Pattern pattern = null;
        if (text != null && !text.isEmpty()) {
            try {
                pattern = textPattern(text, regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regular expression " + text + ": " + e.getDescription()
                        + " at index " + e.getIndex());
            }
        }
        return new EventFilter(numbers("port", ports), numbers("vCPU", vcpus), kindSet, pattern);
    }

    private static Set<Integer> numbers(String what, String list) {
        Set<Integer> numbers = new LinkedHashSet<>();
        for (String item : items(list)) {
            try {
                numbers.add(Integer.parseUnsignedInt(item));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " " + item + ": not a number (e.g. 3 or 3,5)");
            }
        }
        return numbers;
    }

    private static java.util.List<String> items(String list) {
        if (list == null || list.isBlank()) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(list.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
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

package io.otp4j.observer;

import io.helidon.common.parameters.Parameters;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.Optional;

/** Reading a request's parameters: each bad one is refused with a message that names it and what is allowed. */
final class Params {

    private static final int MAX_TEXT = 200;

    private Params() {}

    /** {@return the parameter's text, or empty if absent or blank} */
    static Optional<String> text(Parameters query, String name) {
        if (!query.contains(name)) {
            return Optional.empty();
        }
        String value = query.first(name).orElse("").strip();
        if (value.length() > MAX_TEXT) {
            throw BadRequest.badParameter(name + " is " + value.length() + " characters long; at most " + MAX_TEXT);
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** {@return the parameter as a whole number in [min, max], or {@code otherwise} if absent} */
    static long number(Parameters query, String name, long min, long max, long otherwise) {
        Optional<String> text = text(query, name);
        return text.isEmpty() ? otherwise : number(name, text.get(), min, max);
    }

    /** {@return {@code text} as a whole number in [min, max]} */
    static long number(String name, String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw BadRequest.badParameter(name + " '" + shorten(text) + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw BadRequest.badParameter(name + " " + value + " is out of range: from " + min + " to " + max);
        }
        return value;
    }

    /**
     * {@return the live process with the number in {@code text}} (a pid {@code <node.42>} is written 42 in the
     * dashboard's addresses)
     */
    static Pid pid(Node node, String text) {
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw BadRequest.badParameter("malformed pid '" + shorten(text)
                    + "': give the process's number, as 42 for <" + node.name() + ".42>");
        }
        long id = number("pid", text, 1, Long.MAX_VALUE);
        return node.view()
                .find(id)
                .orElseThrow(() ->
                        BadRequest.notFound("no live process <" + node.name() + "." + id + "> on node " + node.name()));
    }

    /** {@return {@code text} cut to a length fit for a message} */
    static String shorten(String text) {
        return cut(text, 40);
    }

    /** {@return {@code text} cut to {@code max} characters, marked when cut} */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}

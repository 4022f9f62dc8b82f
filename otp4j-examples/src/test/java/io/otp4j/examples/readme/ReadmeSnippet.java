package io.otp4j.examples.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One {@code ```java} block of a Markdown file, with what the line before it says to do with it.
 *
 * <ul>
 *   <li>no marker, or {@code <!-- snippet: run -->}: a program as written: its imports, its types, then its
 *       statements, compiled and run; if a {@code ```text} block marked {@code <!-- snippet: prints -->} follows,
 *       what it prints must be exactly that.
 *   <li>{@code <!-- snippet: compile-only -->}: compiled as a program, not run (it serves, or waits for ever).
 *   <li>{@code <!-- snippet: from PATH -->}: a piece of the test at {@code PATH} (from the repository's root), its
 *       statements in the same order there, comments and layout aside.
 * </ul>
 *
 * @param line the line of the opening fence, from 1
 * @param kind what to do with it
 * @param code the block's lines
 * @param from the test it is taken from, for {@link Kind#FROM}
 * @param prints what it must print, for {@link Kind#RUN}; null if not said
 */
record ReadmeSnippet(
        int line,
        Kind kind,
        String code,
        @Nullable String from,
        @Nullable String prints) {

    /** What to do with a block. */
    enum Kind {
        RUN,
        COMPILE_ONLY,
        FROM
    }

    private static final Pattern MARKER = Pattern.compile("^<!--\\s*snippet:\\s*(.*?)\\s*-->$");

    /**
     * {@return the {@code ```java} blocks of {@code markdown}, in order}
     *
     * @throws IllegalArgumentException on a marker it does not know, or a block that is not closed
     */
    static List<ReadmeSnippet> parse(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<ReadmeSnippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int open = i;
            int close = closing(lines, open);
            String code = String.join("\n", lines.subList(open + 1, close)) + "\n";
            String marker = marker(lines, open);
            Kind kind = Kind.RUN;
            String from = null;
            if (marker != null) {
                if (marker.equals("compile-only")) {
                    kind = Kind.COMPILE_ONLY;
                } else if (marker.startsWith("from ")) {
                    kind = Kind.FROM;
                    from = marker.substring("from ".length()).strip();
                } else if (!marker.equals("run")) {
                    throw new IllegalArgumentException("line " + open + ": unknown snippet marker \"" + marker
                            + "\" (known: run, compile-only, from PATH, and prints before a ```text block)");
                }
            }
            String prints = kind == Kind.RUN ? prints(lines, close) : null;
            snippets.add(new ReadmeSnippet(open + 1, kind, code, from, prints));
            i = close;
        }
        return snippets;
    }

    private static int closing(List<String> lines, int open) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).strip().equals("```")) {
                return j;
            }
        }
        throw new IllegalArgumentException("line " + (open + 1) + ": a ```java block that is never closed");
    }

    /** {@return the marker on the last non-blank line before {@code open}, if it is one} */
    private static @Nullable String marker(List<String> lines, int open) {
        for (int j = open - 1; j >= 0; j--) {
            String l = lines.get(j).strip();
            if (!l.isEmpty()) {
                Matcher m = MARKER.matcher(l);
                return m.matches() ? m.group(1) : null;
            }
        }
        return null;
    }

    /** {@return the {@code ```text} block after a {@code prints} marker right after {@code close}, if any} */
    private static @Nullable String prints(List<String> lines, int close) {
        int j = close + 1;
        while (j < lines.size() && lines.get(j).isBlank()) {
            j++;
        }
        if (j >= lines.size() || !Objects.equals(marker(lines, j + 1), "prints")) {
            return null;
        }
        if (j + 1 >= lines.size() || !lines.get(j + 1).strip().equals("```text")) {
            throw new IllegalArgumentException(
                    "line " + (j + 1) + ": a prints marker must stand right before a ```text block");
        }
        int end = closing(lines, j + 1);
        return String.join("\n", lines.subList(j + 2, end)).strip();
    }

    @Override
    public String toString() {
        return "README line " + line + " ("
                + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + (from != null ? " " + from : "")
                + ")";
    }
}

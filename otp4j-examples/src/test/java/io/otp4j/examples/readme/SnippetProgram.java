package io.otp4j.examples.readme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A snippet split into a program: its imports, each top-level type in a source file of its own, and its
 * statements as the body of {@code main}. A type starts at a line at the left margin that declares one and ends
 * where its braces close.
 *
 * @param sources each source file's name and text
 * @param mainClass the class whose {@code main} runs the statements
 */
record SnippetProgram(Map<String, String> sources, String mainClass) {

    private static final Pattern TYPE = Pattern.compile(
            "^(?:(?:public|final|abstract|sealed|non-sealed|static)\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    /** {@return {@code code} as a program in package {@code pkg}} */
    static SnippetProgram of(String pkg, String code) {
        List<String> imports = new ArrayList<>();
        Map<String, List<String>> types = new LinkedHashMap<>();
        List<String> statements = new ArrayList<>();
        List<String> lines = code.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher type = TYPE.matcher(line);
            if (line.startsWith("import ")) {
                imports.add(line);
            } else if (type.find()) {
                List<String> body = new ArrayList<>();
                int depth = 0;
                boolean opened = false;
                for (; i < lines.size(); i++) {
                    String l = lines.get(i);
                    body.add(l);
                    for (char c : withoutStringsAndComments(l).toCharArray()) {
                        if (c == '{') {
                            depth++;
                            opened = true;
                        } else if (c == '}') {
                            depth--;
                        }
                    }
                    if (opened && depth == 0) {
                        break;
                    }
                }
                types.put(type.group(1), body);
            } else {
                statements.add(line);
            }
        }
        String header = "package " + pkg + ";\n" + String.join("\n", imports) + "\n";
        Map<String, String> sources = new LinkedHashMap<>();
        types.forEach((name, body) -> sources.put(name, header + String.join("\n", body) + "\n"));
        sources.put(
                "Main",
                header + "public final class Main {\n    public static void main(String[] args) throws Exception {\n"
                        + String.join("\n", statements) + "\n    }\n}\n");
        return new SnippetProgram(sources, pkg + ".Main");
    }

    private static String withoutStringsAndComments(String line) {
        return line.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("'(?:\\\\.|[^'\\\\])'", "''")
                .replaceAll("//.*$", "");
    }
}

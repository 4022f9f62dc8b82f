package io.otp4j.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The README's Java snippets are tests: each {@code ```java} block is compiled and run as written (and what it
 * prints compared with the {@code ```text} block after it), compiled only, or found in the test it was taken
 * from, as its marker says ({@link ReadmeSnippet}).
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = repositoryRoot();

    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);

    @TestFactory
    Stream<DynamicTest> everyJavaBlockOfTheReadme() throws IOException {
        List<ReadmeSnippet> snippets = ReadmeSnippet.parse(Files.readString(ROOT.resolve("README.md")));
        assertThat(snippets).as("the README's Java blocks").isNotEmpty();
        return snippets.stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> check(s)));
    }

    private static void check(ReadmeSnippet snippet) throws Throwable {
        switch (snippet.kind()) {
            case FROM -> assertTakenFrom(snippet);
            case COMPILE_ONLY -> SnippetCompiler.compile(program(snippet), snippet.toString());
            case RUN -> {
                SnippetProgram program = program(snippet);
                String printed =
                        SnippetCompiler.run(SnippetCompiler.compile(program, snippet.toString()), program.mainClass());
                if (snippet.prints() != null) {
                    assertThat(printed.strip()
                                    .lines()
                                    .map(String::stripTrailing)
                                    .toList())
                            .as("what %s prints", snippet)
                            .containsExactlyElementsOf(snippet.prints()
                                    .lines()
                                    .map(String::stripTrailing)
                                    .toList());
                }
            }
        }
    }

    private static SnippetProgram program(ReadmeSnippet snippet) {
        return SnippetProgram.of("readme.line" + snippet.line(), snippet.code());
    }

    /** Each statement of the snippet is in the test, in the same order; layout and comments aside. */
    private static void assertTakenFrom(ReadmeSnippet snippet) throws IOException {
        List<String> there = new ArrayList<>();
        for (String path : java.util.Objects.requireNonNull(snippet.from()).split(",")) {
            Path test = ROOT.resolve(path.strip());
            assertThat(test).as("a test %s is taken from", snippet).isRegularFile();
            there.addAll(statements(Files.readString(test)));
        }
        List<String> wanted = statements(snippet.code());
        int at = 0;
        for (String statement : wanted) {
            int found = there.subList(at, there.size()).indexOf(statement);
            assertThat(found)
                    .as("%s: \"%s\" in %s after the statements before it", snippet, statement, snippet.from())
                    .isNotNegative();
            at += found + 1;
        }
    }

    /** {@return the code's statements: cut at {@code ;}, {@code {} and {@code }}, without comments or spaces} */
    static List<String> statements(String code) {
        StringBuilder compact = new StringBuilder();
        String withoutBlockComments = BLOCK_COMMENT.matcher(code).replaceAll(" ");
        for (String line : withoutBlockComments.lines().toList()) {
            compact.append(line.replaceAll("(^|\\s)//.*$", "").replaceAll("\\s+", ""));
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (char c : compact.toString().toCharArray()) {
            current.append(c);
            if (c == ';' || c == '{' || c == '}') {
                statements.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current.toString());
        }
        return statements;
    }

    @Test
    void markersItDoesNotKnowAndBrokenBlocksAreRefusedByLine() {
        assertThatThrownBy(() -> ReadmeSnippet.parse("text\n<!-- snippet: maybe -->\n```java\nint x;\n```\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown snippet marker \"maybe\"");
        assertThatThrownBy(() -> ReadmeSnippet.parse("```java\nint x;\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1: a ```java block that is never closed");
    }

    @Test
    void whatASnippetPrintsIsComparedWithItsTextBlock() {
        List<ReadmeSnippet> snippets = ReadmeSnippet.parse(
                "```java\nSystem.out.println(6 * 7);\n```\n\n<!-- snippet: prints -->\n```text\n41\n```\n");
        assertThat(snippets).singleElement().extracting(ReadmeSnippet::prints).isEqualTo("41");
        assertThatThrownBy(() -> check(snippets.get(0)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("what README line 1 (run) prints");
    }

    @Test
    void aSnippetMustBeFoundInTheTestItNames() {
        List<ReadmeSnippet> snippets = ReadmeSnippet.parse("<!-- snippet: from README.md -->\n```java\n"
                + "int answer = 41; // not in the README's text as code\n```\n");
        assertThatThrownBy(() -> check(snippets.get(0)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("\"intanswer=41;\" in README.md");
        assertThat(statements("/* a\n comment */ int a = 1; // two\nif (a > 0) {\n  a++;\n}"))
                .containsExactly("inta=1;", "if(a>0){", "a++;", "}");
    }

    @Test
    void aSnippetThatDoesNotCompileFailsNamingTheError() {
        SnippetProgram program = SnippetProgram.of("readme.broken", "record Ping() {}\nPong pong = new Pong();\n");
        assertThatThrownBy(() -> SnippetCompiler.compile(program, "the broken snippet"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the broken snippet does not compile")
                .hasMessageContaining("Main.java");
    }

    @Test
    void aSnippetRunsWithItsTypesInFilesOfTheirOwn() throws Throwable {
        SnippetProgram program = SnippetProgram.of(
                "readme.fine",
                "import java.util.List;\n\nrecord Pair(int a, int b) {}\n"
                        + "public final class Adder {\n    static int add(Pair p) { return p.a() + p.b(); }\n}\n"
                        + "System.out.println(Adder.add(new Pair(20, 22)) + \" \" + List.of(1));\n");
        assertThat(program.sources()).containsOnlyKeys("Pair", "Adder", "Main");
        assertThat(SnippetCompiler.run(SnippetCompiler.compile(program, "fine"), program.mainClass()))
                .isEqualToIgnoringNewLines("42 [1]");
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("otp4j-core"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root with README.md above " + Path.of("").toAbsolutePath());
    }
}

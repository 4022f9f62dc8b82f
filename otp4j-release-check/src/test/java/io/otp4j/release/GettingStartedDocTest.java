package io.otp4j.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/getting-started.md shows the sample application's code as it is: each of its Java blocks is a run of
 * consecutive lines of a source file of samples/getting-started (indentation aside), and its BOM snippet names
 * the version being built, as the README's does.
 */
class GettingStartedDocTest {

    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern BOM_VERSION =
            Pattern.compile("<artifactId>otp4j-bom</artifactId>\\s*<version>([^<]+)</version>");

    private final Reactor reactor = Reactor.fromBuild();

    @Test
    void everyJavaBlockIsTakenFromTheSample() throws IOException {
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(reactor.root().resolve("samples/getting-started/src"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(stripped(Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        List<String> blocks = blocks(guide(), "java");
        assertThat(blocks).as("Java blocks in docs/getting-started.md").isNotEmpty();
        for (String block : blocks) {
            List<String> lines = stripped(block);
            assertThat(sources.stream().anyMatch(source -> Collections.indexOfSubList(source, lines) >= 0))
                    .as("this block of docs/getting-started.md is not in samples/getting-started:%n%s", block)
                    .isTrue();
        }
    }

    @Test
    void theBomSnippetsNameTheVersionBuilt() throws IOException {
        String readme = Files.readString(reactor.root().resolve("README.md"), StandardCharsets.UTF_8);
        for (String[] doc : new String[][] {{"docs/getting-started.md", guide()}, {"README.md", readme}}) {
            List<String> versions = new ArrayList<>();
            Matcher m = BOM_VERSION.matcher(doc[1]);
            while (m.find()) {
                versions.add(m.group(1));
            }
            assertThat(versions)
                    .as("otp4j-bom versions in " + doc[0])
                    .isNotEmpty()
                    .containsOnly(reactor.version());
        }
    }

    private String guide() throws IOException {
        return Files.readString(reactor.root().resolve("docs/getting-started.md"), StandardCharsets.UTF_8);
    }

    private static List<String> blocks(String markdown, String language) {
        List<String> found = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            if (m.group(1).equals(language)) {
                found.add(m.group(2));
            }
        }
        return found;
    }

    /** The non-blank lines of {@code text}, each without its indentation. */
    private static List<String> stripped(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}

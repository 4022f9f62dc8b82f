package io.otp4j.stress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jcstress with the given arguments and exits non-zero if any test failed (a forbidden outcome was
 * seen) or erred, or if a test did not run: jcstress skips, without failing, a test with more actors than
 * the machine has CPUs. jcstress itself exits 0 whatever its results, so the build reads its summary.
 */
public final class RunJcstress {

    private static final Pattern SUMMARY_LINE =
            Pattern.compile("^\\s*(Interesting|Failed|Error|All remaining) tests: (.*)$", Pattern.MULTILINE);

    private static final Pattern COUNT = Pattern.compile("(\\d+) matching");

    private RunJcstress() {}

    public static void main(String[] args) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(console, copy), true, StandardCharsets.UTF_8));
        try {
            org.openjdk.jcstress.Main.main(args);
        } finally {
            System.out.flush();
            System.setOut(console);
        }
        List<String> problems = problems(copy.toString(StandardCharsets.UTF_8), testCount());
        if (!problems.isEmpty()) {
            console.println();
            console.println("jcstress FAILED:");
            problems.forEach(p -> console.println("  " + p));
            console.flush();
            System.exit(1);
        }
        console.println("jcstress: no forbidden outcome, no error.");
        System.exit(0);
    }

    /** {@return how many tests jcstress's annotation processor listed for this module} */
    static int testCount() throws IOException {
        try (InputStream in = RunJcstress.class.getResourceAsStream("/META-INF/TestList")) {
            if (in == null) {
                return 0;
            }
            String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return (int) list.lines().filter(line -> line.startsWith("JCTEST")).count();
        }
    }

    /** {@return what is wrong with a jcstress run, judged from its summary; empty if nothing} */
    static List<String> problems(String output, int expectedTests) {
        if (!output.contains("RUN RESULTS:")) {
            return List.of("no summary: jcstress did not run to the end");
        }
        List<String> problems = new ArrayList<>();
        if (output.contains("No scheduling is possible")) {
            problems.add("a test has more actors than this machine has CPUs, and did not run");
        }
        int results = 0;
        Matcher m = SUMMARY_LINE.matcher(output);
        while (m.find()) {
            String kind = m.group(1);
            String what = m.group(2).trim();
            Matcher count = COUNT.matcher(what);
            if (count.lookingAt()) {
                results += Integer.parseInt(count.group(1));
                if (kind.equals("Failed") || kind.equals("Error")) {
                    problems.add(kind + " tests: " + what);
                }
            }
        }
        if (expectedTests == 0 || results != expectedTests) {
            problems.add(results + " test results for " + expectedTests + " tests listed in META-INF/TestList");
        }
        return problems;
    }

    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}

package io.otp4j.examples.readme;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles a {@link SnippetProgram} in memory against the test's class and module path, and runs it. */
final class SnippetCompiler {

    private SnippetCompiler() {}

    /** The classes a compile made, by binary name. */
    record Compiled(Map<String, byte[]> classes) {}

    /**
     * {@return the program's classes}
     *
     * @throws AssertionError naming each compile error, with the line of the generated source
     */
    static Compiled compile(SnippetProgram program, String what) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: the README's snippets need a JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        List<JavaFileObject> sources = new ArrayList<>();
        program.sources().forEach((name, text) -> sources.add(new Source(name, text)));
        String path = Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .flatMap(p -> Stream.of(p.split(File.pathSeparator)))
                .filter(p -> !p.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        try (JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return out.computeIfAbsent(className, c -> new ByteArrayOutputStream());
                    }
                };
            }
        }) {
            StringWriter log = new StringWriter();
            List<String> options = List.of("--release", "21", "-proc:none", "-classpath", path);
            boolean ok = javac.getTask(log, files, diagnostics, options, null, sources)
                    .call();
            if (!ok) {
                throw new AssertionError(what + " does not compile:\n" + describe(diagnostics) + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the in-memory file manager failed", e);
        }
        Map<String, byte[]> classes = new HashMap<>();
        out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return new Compiled(classes);
    }

    private static String describe(DiagnosticCollector<JavaFileObject> diagnostics) {
        StringBuilder b = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                JavaFileObject source = d.getSource();
                b.append("  ")
                        .append(source == null ? "?" : source.getName())
                        .append(':')
                        .append(d.getLineNumber())
                        .append(": ")
                        .append(d.getMessage(null))
                        .append('\n');
            }
        }
        return b.toString();
    }

    /**
     * Runs the program's {@code main} in a class loader of its own and {@return what it printed to {@code
     * System.out}} (which is restored after).
     */
    static String run(Compiled compiled, String mainClass) throws Throwable {
        ClassLoader loader = new ClassLoader(SnippetCompiler.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = compiled.classes().get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            loader.loadClass(mainClass).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String name, String text) {
            super(URI.create("string:///" + name + ".java"), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}

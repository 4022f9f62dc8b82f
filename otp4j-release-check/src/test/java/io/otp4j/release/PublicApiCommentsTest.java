package io.otp4j.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every type and member of the published modules' public API has a Javadoc comment: the types of the packages a
 * module exports to everyone, their public and protected members, enum constants and record constructors, and
 * each such package's package-info. Overrides are left out: they inherit their comment.
 */
class PublicApiCommentsTest {

    private static final Pattern OPEN_EXPORT = Pattern.compile("^\\s*exports\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private final Reactor reactor = Reactor.fromBuild();

    @TestFactory
    Stream<DynamicTest> everyPublicTypeAndMemberHasAComment() {
        return reactor.bomModules().stream()
                .map(artifactId -> DynamicTest.dynamicTest(
                        artifactId,
                        () -> assertThat(uncommented(reactor.root().resolve(artifactId)))
                                .as("public API of " + artifactId + " without a Javadoc comment")
                                .isEmpty()));
    }

    /** The public API elements of the module in {@code moduleDir} that have no comment, as "File:line name". */
    static List<String> uncommented(Path moduleDir) throws IOException {
        Path sources = moduleDir.resolve("src/main/java");
        String moduleInfo = Files.readString(sources.resolve("module-info.java"), StandardCharsets.UTF_8);
        List<Path> files = new ArrayList<>();
        Matcher exports = OPEN_EXPORT.matcher(moduleInfo);
        while (exports.find()) {
            Path packageDir = sources.resolve(exports.group(1).replace('.', '/'));
            try (Stream<Path> inPackage = Files.list(packageDir)) {
                inPackage.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
            }
        }
        List<String> missing = new ArrayList<>();
        for (Path file : files) {
            if (file.getFileName().toString().equals("package-info.java")) {
                continue;
            }
            Path packageInfo = file.resolveSibling("package-info.java");
            String where = sources.relativize(file.getParent()) + "/package-info.java";
            if (!Files.isRegularFile(packageInfo)
                    || !Files.readString(packageInfo, StandardCharsets.UTF_8).contains("/**")) {
                if (!missing.contains(where)) {
                    missing.add(where);
                }
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(
                    null,
                    fileManager,
                    diagnostic -> {},
                    List.of("-proc:none"),
                    null,
                    fileManager.getJavaFileObjectsFromPaths(files));
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new ApiScanner(docs, unit, missing).scan(unit, null);
            }
        }
        return missing;
    }

    /** Walks the API types of one file, descending only into types that are themselves API. */
    private static final class ApiScanner extends TreePathScanner<Void, Void> {
        private final DocTrees docs;
        private final CompilationUnitTree unit;
        private final List<String> missing;

        ApiScanner(DocTrees docs, CompilationUnitTree unit, List<String> missing) {
            this.docs = docs;
            this.unit = unit;
            this.missing = missing;
        }

        @Override
        public Void visitClass(ClassTree type, Void unused) {
            if (!isApi(getCurrentPath(), type.getModifiers())) {
                return null;
            }
            require(type.getSimpleName().toString());
            return super.visitClass(type, unused);
        }

        @Override
        public Void visitMethod(MethodTree method, Void unused) {
            boolean override = method.getModifiers().getAnnotations().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().endsWith("Override"));
            if (!override && isApi(getCurrentPath(), method.getModifiers())) {
                require(method.getName() + "()");
            }
            return null; // nothing inside a body is API
        }

        @Override
        public Void visitVariable(VariableTree variable, Void unused) {
            if (getCurrentPath().getParentPath().getLeaf() instanceof ClassTree
                    && isApi(getCurrentPath(), variable.getModifiers())) {
                require(variable.getName().toString());
            }
            return null;
        }

        private void require(String name) {
            DocCommentTree comment = docs.getDocCommentTree(getCurrentPath());
            if (comment == null) {
                long line = unit.getLineMap()
                        .getLineNumber(docs.getSourcePositions()
                                .getStartPosition(unit, getCurrentPath().getLeaf()));
                missing.add(Path.of(unit.getSourceFile().toUri()).getFileName() + ":" + line + " " + name);
            }
        }

        /** Whether the element at {@code path} is visible outside its package, given where it is declared. */
        private static boolean isApi(TreePath path, ModifiersTree modifiers) {
            Tree owner = path.getParentPath().getLeaf();
            if (!(owner instanceof ClassTree ownerType)) {
                return modifiers.getFlags().contains(Modifier.PUBLIC); // a top-level type
            }
            if (modifiers.getFlags().contains(Modifier.PRIVATE)) {
                return false;
            }
            // Enum constants come out of the parser marked public.
            Tree.Kind kind = ownerType.getKind();
            boolean interfaceMember = kind == Tree.Kind.INTERFACE || kind == Tree.Kind.ANNOTATION_TYPE;
            return interfaceMember
                    || modifiers.getFlags().contains(Modifier.PUBLIC)
                    || modifiers.getFlags().contains(Modifier.PROTECTED);
        }
    }
}

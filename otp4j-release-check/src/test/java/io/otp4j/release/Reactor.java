package io.otp4j.release;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** The project as its POMs describe it: the modules of the root POM, and the modules the BOM lists. */
final class Reactor {

    /** The group every otp4j artifact is published under. */
    static final String GROUP_ID = "io.otp4j";

    private final Path root;

    Reactor(Path root) {
        this.root = root;
    }

    /** The checkout the build runs in, as the build named it in {@code otp4j.root}. */
    static Reactor fromBuild() {
        return new Reactor(Path.of(BuildProperties.get("otp4j.root")));
    }

    /** The checkout's root folder. */
    Path root() {
        return root;
    }

    /** The version of the root POM, which every published artifact carries. */
    String version() {
        return Xml.text(Xml.parse(root.resolve("pom.xml")), "version")
                .orElseThrow(() -> new AssertionError("the root pom.xml has no <version>"));
    }

    /**
     * The modules that publish a jar: those of the root POM whose packaging is jar and that do not set
     * {@code maven.deploy.skip}.
     */
    List<String> publishedJarModules() {
        List<String> published = new ArrayList<>();
        Element modules = Xml.element(Xml.parse(root.resolve("pom.xml")), "modules")
                .orElseThrow(() -> new AssertionError("the root pom.xml has no <modules>"));
        for (Element module : Xml.children(modules, "module")) {
            Path pom = root.resolve(module.getTextContent().trim()).resolve("pom.xml");
            if (!Files.isRegularFile(pom)) {
                throw new AssertionError("module " + module.getTextContent().trim() + " has no pom.xml");
            }
            Element project = Xml.parse(pom);
            boolean jar = Xml.text(project, "packaging").orElse("jar").equals("jar");
            boolean skipped = Xml.text(project, "properties/maven.deploy.skip")
                    .map(Boolean::parseBoolean)
                    .orElse(false);
            if (jar && !skipped) {
                published.add(Xml.text(project, "artifactId").orElseThrow());
            }
        }
        return published;
    }

    /** The artifactIds the BOM's dependencyManagement lists, each checked to be otp4j's at the project version. */
    List<String> bomModules() {
        Path bom = root.resolve("otp4j-bom/pom.xml");
        Element dependencies = Xml.element(Xml.parse(bom), "dependencyManagement/dependencies")
                .orElseThrow(() -> new AssertionError(bom + " has no dependencyManagement"));
        List<String> listed = new ArrayList<>();
        for (Element dependency : Xml.children(dependencies, "dependency")) {
            String artifactId = Xml.text(dependency, "artifactId").orElse("?");
            if (!Xml.text(dependency, "groupId").orElse("").equals(GROUP_ID)
                    || !Xml.text(dependency, "version").orElse("").equals("${project.version}")) {
                throw new AssertionError(
                        "the BOM lists " + artifactId + " other than as io.otp4j at ${project.version}");
            }
            listed.add(artifactId);
        }
        return listed;
    }
}

package io.otp4j.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What the build deployed to the staging repository at verify is what Maven Central asks for: every published
 * module with its jar, sources jar, javadoc jar and a POM with the required metadata, deployed by this build, and
 * the parent and the BOM beside them.
 */
class PublishedArtifactsTest {

    private final Reactor reactor = Reactor.fromBuild();
    private final StagingRepository repository = StagingRepository.fromBuild();
    private final String buildStarted = BuildProperties.get("otp4j.build.started");

    @Test
    void theBomListsEveryPublishedModule() {
        assertThat(reactor.bomModules())
                .as("the modules otp4j-bom lists, against those the root pom publishes")
                .containsExactlyInAnyOrderElementsOf(reactor.publishedJarModules());
    }

    @TestFactory
    Stream<DynamicTest> everyPublishedModuleHasItsJarsAndACompletePom() {
        return reactor.bomModules().stream()
                .map(artifactId -> DynamicTest.dynamicTest(artifactId, () -> checkJarModule(artifactId)));
    }

    @TestFactory
    Stream<DynamicTest> theParentAndTheBomArePublishedWithCompletePoms() {
        return Stream.of("otp4j-parent", "otp4j-bom")
                .map(artifactId -> DynamicTest.dynamicTest(artifactId, () -> checkPomOnly(artifactId)));
    }

    private void checkJarModule(String artifactId) throws IOException {
        StagingRepository.Deployed deployed = deployedByThisBuild(artifactId);
        Path jar = required(deployed, "", "jar");
        Path sources = required(deployed, "sources", "jar");
        Path javadoc = required(deployed, "javadoc", "jar");
        assertThat(entries(jar))
                .as("classes in " + jar)
                .contains("module-info.class")
                .anyMatch(e -> e.endsWith(".class") && !e.equals("module-info.class"));
        assertThat(entries(jar)).as("the license in " + jar).contains("META-INF/LICENSE");
        assertThat(entries(sources))
                .as("sources in " + sources)
                .contains("module-info.java")
                .anyMatch(e -> e.endsWith(".java") && !e.equals("module-info.java"));
        assertThat(entries(javadoc)).as("javadoc in " + javadoc).contains("index.html");
        checkPom(deployed, "jar");
    }

    private void checkPomOnly(String artifactId) {
        checkPom(deployedByThisBuild(artifactId), "pom");
    }

    private void checkPom(StagingRepository.Deployed deployed, String packaging) {
        Path pomFile = required(deployed, "", "pom");
        PublishedPom pom = PublishedPom.read(pomFile, repository, buildStarted);
        assertThat(pom.missingForCentral())
                .as("what Central requires and " + pomFile + " lacks")
                .isEmpty();
        assertThat(pom.own("artifactId")).as("artifactId of " + pomFile).contains(deployed.artifactId());
        assertThat(pom.inherited("groupId").or(() -> pom.own("parent/groupId")))
                .as("groupId of " + pomFile)
                .contains(Reactor.GROUP_ID);
        assertThat(pom.own("version").or(() -> pom.own("parent/version")))
                .as("version of " + pomFile)
                .contains(reactor.version());
        assertThat(pom.own("packaging").orElse("jar"))
                .as("packaging of " + pomFile)
                .isEqualTo(packaging);
        assertThat(pom.inherited("licenses/license/name"))
                .as("license of " + pomFile)
                .contains("Apache-2.0");
    }

    private StagingRepository.Deployed deployedByThisBuild(String artifactId) {
        return repository.deployed(Reactor.GROUP_ID, artifactId, reactor.version());
    }

    private Path required(StagingRepository.Deployed deployed, String classifier, String extension) {
        String what = deployed.artifactId() + (classifier.isEmpty() ? "" : " " + classifier) + " " + extension;
        Path file = deployed.file(classifier, extension, buildStarted)
                .orElseThrow(() -> new AssertionError(what + " was not deployed to " + deployed.folder()
                        + " by this build (started " + buildStarted + " UTC)"));
        try {
            assertThat(Files.size(file)).as("size of " + file).isPositive();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        return file;
    }

    private static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = new ArrayList<>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                names.add(entry.getName());
            }
            return names;
        }
    }
}

package io.otp4j.release;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * The file repository the build deploys to (maven-deploy-plugin's layout): where the files of one deployed
 * artifact are, under the names the last deployment gave them.
 */
final class StagingRepository {

    /**
     * One artifact as last deployed: its folder, and its files by "classifier:extension" with the version in
     * their names and when each was deployed (yyyyMMddHHmmss, UTC).
     */
    record Deployed(String artifactId, Path folder, Map<String, String> fileVersions, Map<String, String> updated) {

        /**
         * The file with {@code classifier} ("" for none) and {@code extension}, if it was deployed at or after
         * {@code since} (yyyyMMddHHmmss, UTC): an older deployment's file does not count.
         */
        Optional<Path> file(String classifier, String extension, String since) {
            String key = classifier + ":" + extension;
            String version = fileVersions.get(key);
            if (version == null || updated.getOrDefault(key, "").compareTo(since) < 0) {
                return Optional.empty();
            }
            String suffix = classifier.isEmpty() ? "" : "-" + classifier;
            Path file = folder.resolve(artifactId + "-" + version + suffix + "." + extension);
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        }
    }

    private final Path root;

    StagingRepository(Path root) {
        this.root = root;
    }

    /** The repository the build named in the system property {@code otp4j.staging.repo}. */
    static StagingRepository fromBuild() {
        return new StagingRepository(Path.of(BuildProperties.get("otp4j.staging.repo")));
    }

    /** The last deployment of {@code groupId:artifactId:version}; fails naming it when there is none. */
    Deployed deployed(String groupId, String artifactId, String version) {
        Path artifactFolder = root.resolve(groupId.replace('.', '/')).resolve(artifactId);
        Path folder = artifactFolder.resolve(version);
        if (version.endsWith("-SNAPSHOT")) {
            Path metadata = folder.resolve("maven-metadata.xml");
            if (!Files.isRegularFile(metadata)) {
                throw new AssertionError(groupId + ":" + artifactId + ":" + version + " was not deployed to " + root
                        + " (no " + metadata + ")");
            }
            Element versioning = Xml.element(Xml.parse(metadata), "versioning")
                    .orElseThrow(() -> new AssertionError("no <versioning> in " + metadata));
            Map<String, String> files = new HashMap<>();
            Map<String, String> updated = new HashMap<>();
            Xml.element(versioning, "snapshotVersions").ifPresent(all -> {
                for (Element v : Xml.children(all, "snapshotVersion")) {
                    String key = Xml.text(v, "classifier").orElse("") + ":"
                            + Xml.text(v, "extension").orElse("");
                    files.put(key, Xml.text(v, "value").orElse(""));
                    updated.put(key, Xml.text(v, "updated").orElse(""));
                }
            });
            return new Deployed(artifactId, folder, files, updated);
        }
        Path metadata = artifactFolder.resolve("maven-metadata.xml");
        if (!Files.isDirectory(folder) || !Files.isRegularFile(metadata)) {
            throw new AssertionError(groupId + ":" + artifactId + ":" + version + " was not deployed to " + root);
        }
        String lastUpdated =
                Xml.text(Xml.parse(metadata), "versioning/lastUpdated").orElse("");
        Map<String, String> files = new HashMap<>();
        Map<String, String> updated = new HashMap<>();
        for (String kind : new String[] {":pom", ":jar", "sources:jar", "javadoc:jar"}) {
            files.put(kind, version);
            updated.put(kind, lastUpdated);
        }
        return new Deployed(artifactId, folder, files, updated);
    }
}

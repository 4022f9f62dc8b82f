package io.otp4j.release;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reading POMs and repository metadata: a small, namespace-blind path lookup over DOM elements. */
final class Xml {

    private Xml() {}

    /** Parses {@code file}, refusing DTDs and external entities; a malformed file fails naming it. */
    static Element parse(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("not a well-formed XML file: " + file + ": " + e.getMessage(), e);
        }
    }

    /** The direct children of {@code parent} named {@code name}. */
    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName(e).equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    /** The element at {@code path} (child names separated by '/') under {@code parent}, if there is one. */
    static Optional<Element> element(Element parent, String path) {
        Element at = parent;
        for (String step : path.split("/", -1)) {
            List<Element> next = children(at, step);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get(0);
        }
        return Optional.of(at);
    }

    /** The trimmed, non-blank text at {@code path} under {@code parent}, if there is one. */
    static Optional<String> text(Element parent, String path) {
        return element(parent, path).map(e -> e.getTextContent().trim()).filter(t -> !t.isEmpty());
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }
}

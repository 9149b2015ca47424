package dev.failover4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * failover4j-bom lists exactly the published modules (those that attach sources and javadoc jars), at the
 * build's version: a module added to the build and forgotten in the BOM fails here.
 */
class BomTest {

    static Document xml(Path p) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(p.toFile());
    }

    /** The text of {@code e}'s own child {@code name} (not a grandchild's, as the parent's artifactId). */
    static String child(Element e, String name) {
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c.getTextContent().strip();
            }
        }
        return null;
    }

    @Test
    void theBomListsEveryPublishedModuleAtTheBuildsVersion() throws Exception {
        Path root = Path.of("..");
        Document parent = xml(root.resolve("pom.xml"));
        Document bom = xml(root.resolve("bom/pom.xml"));
        assertEquals(child(parent.getDocumentElement(), "version"), child(bom.getDocumentElement(), "version"));
        List<String> published = new ArrayList<>();
        NodeList modules = parent.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            Path pom = root.resolve(modules.item(i).getTextContent().strip()).resolve("pom.xml");
            Document d = xml(pom);
            NodeList plugins = d.getElementsByTagName("artifactId");
            boolean sources = false;
            boolean javadoc = false;
            for (int j = 0; j < plugins.getLength(); j++) {
                String a = plugins.item(j).getTextContent().strip();
                sources |= a.equals("maven-source-plugin");
                javadoc |= a.equals("maven-javadoc-plugin");
            }
            String artifact = child(d.getDocumentElement(), "artifactId");
            assertEquals(sources, javadoc, artifact + ": a published module attaches both a sources and a javadoc jar");
            if (sources) {
                published.add(artifact);
            }
        }
        List<String> managed = new ArrayList<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertEquals("${project.version}", child(d, "version"));
            managed.add(child(d, "artifactId"));
        }
        assertEquals(new TreeSet<>(published), new TreeSet<>(managed));
        assertEquals(List.of("failover4j-agent", "failover4j-console", "failover4j-core", "failover4j-jna-net", "failover4j-micrometer",
                "failover4j-spring-boot-starter"), List.copyOf(new TreeSet<>(published)));
    }
}

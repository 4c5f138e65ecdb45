package kafkasim.mqttbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalInt;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class HiveMqLayoutTest {

    @Test
    void theConfigListensOnLoopbackOnlyWithFilePersistenceAndTheQueueLimit() throws Exception {
        Document config = parse(HiveMqLayout.configXml(41883, OptionalInt.of(5000), true));
        assertEquals("41883", text(config, "port"));
        assertEquals("127.0.0.1", text(config, "bind-address"));
        assertEquals(1, config.getElementsByTagName("tcp-listener").getLength(), "one listener, nothing else");
        assertEquals(0, config.getElementsByTagName("websocket-listener").getLength());
        assertEquals("file", text(config, "mode"));
        assertEquals("5000", text(config, "max-queue-size"));
        assertEquals("discard", text(config, "strategy"));
        assertEquals("false", text(config, "enabled"), "no usage statistics leave the host");
    }

    @Test
    void withoutPersistenceSessionsAndQueuesLiveInMemory() throws Exception {
        assertEquals("in-memory", text(parse(HiveMqLayout.configXml(1883, OptionalInt.empty(), false)), "mode"));
    }

    @Test
    void withoutALimitHiveMqKeepsItsOwnQueueSize() throws Exception {
        Document config = parse(HiveMqLayout.configXml(1883, OptionalInt.empty(), true));
        assertEquals(0, config.getElementsByTagName("queued-messages").getLength());
        assertEquals("127.0.0.1", text(config, "bind-address"));
    }

    @Test
    void theConfigIsValidForHiveMqsOwnSchema() throws Exception {
        URL xsd = HiveMqLayoutTest.class.getClassLoader().getResource("config.xsd"); // in HiveMQ's jar
        assertNotNull(xsd, "HiveMQ's config.xsd on the classpath");
        var validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd).newValidator();
        validator.validate(new StreamSource(new StringReader(HiveMqLayout.configXml(1883, OptionalInt.of(10), true))));
        validator.validate(new StreamSource(new StringReader(HiveMqLayout.configXml(1883, OptionalInt.empty(), true))));
        validator.validate(new StreamSource(new StringReader(HiveMqLayout.configXml(1883, OptionalInt.empty(), false))));
    }

    @Test
    void aTlsListenerIsValidForHiveMqsSchemaAndWrittenOwnerOnly(@TempDir Path dir) throws Exception {
        HiveMqTlsListener tls = new HiveMqTlsListener(Path.of("/d/security/hivemq-keystore.p12"), "k-pw",
                Optional.of(Path.of("/d/security/hivemq-truststore.p12")), "t-pw", true);
        String xml = HiveMqLayout.configXml(1883, OptionalInt.empty(), true, Optional.of(tls));
        URL xsd = HiveMqLayoutTest.class.getClassLoader().getResource("config.xsd");
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd).newValidator()
                .validate(new StreamSource(new StringReader(xml)));
        Document config = parse(xml);
        assertEquals(1, config.getElementsByTagName("tls-tcp-listener").getLength(), xml);
        assertEquals(0, config.getElementsByTagName("tcp-listener").getLength(), "no plain listener beside it");
        assertEquals("REQUIRED", text(config, "client-authentication-mode"));
        assertFalse(tls.toString().contains("k-pw") || tls.toString().contains("t-pw"), tls.toString());

        new HiveMqLayout(dir).prepare(1883, OptionalInt.empty(), true, Optional.of(tls));
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(dir.resolve("conf/config.xml")), "it holds the store's password");
    }

    @Test
    void prepareCreatesTheFoldersAndRewritesTheConfig(@TempDir Path dir) throws Exception {
        HiveMqLayout layout = new HiveMqLayout(dir);
        layout.prepare(1883, OptionalInt.empty(), true);
        layout.prepare(1884, OptionalInt.of(7), true);
        assertTrue(Files.isDirectory(dir.resolve("data")));
        assertTrue(Files.isDirectory(dir.resolve("extensions")));
        String written = Files.readString(dir.resolve("conf/config.xml"));
        assertTrue(written.contains("<port>1884</port>"), written);
        assertFalse(written.contains("1883"), written);
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static String text(Document doc, String tag) {
        assertEquals(1, doc.getElementsByTagName(tag).getLength(), "one <" + tag + ">");
        return doc.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}

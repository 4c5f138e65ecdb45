package kafkasim.infra.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import kafkasim.infra.LiveProcesses;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every embedded MQTT broker must do, checked with Debian's independent clients ({@link MosquittoCli}). One
 * broker per test class, on a free port; the restart test replaces it with a broker on the same data directory,
 * and the last test closes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class EmbeddedMqttBrokerITBase {
    static final int MESSAGES = 200;

    private EmbeddedMqttBroker broker;

    /** Starts the broker under test on a free port. */
    abstract EmbeddedMqttBroker start(Path dataDir);

    abstract String kind();

    @BeforeAll
    void startBroker(@TempDir Path tmp) {
        broker = start(tmp.resolve(kind()));
        assertEquals(kind(), broker.kind());
        assertEquals("tcp://127.0.0.1:" + broker.port(), broker.url());
        assertTrue(broker.isAlive());
        System.out.println(kind() + " started in " + broker.startTime().toMillis() + " ms");
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void aSubscriberReceivesEveryMessageExactlyOnce() throws Exception {
        List<String> sent = MosquittoCli.payloads("live", MESSAGES);
        try (MosquittoCli.Subscriber sub = MosquittoCli.subscribe(broker.port(), List.of())) {
            sub.awaitSubscribed();
            MosquittoCli.publishThenEnd(broker.port(), sent);
            List<String> received = sub.payloadsUntilEnd();
            assertEquals(sent, received, "all " + MESSAGES + " messages, once each, in order");
        }
    }

    @Test
    @Order(2)
    void aPersistentSessionGetsWhatWasPublishedWhileItWasAway() throws Exception {
        String clientId = "kafkasim-it-away-" + kind();
        MosquittoCli.createSession(broker.port(), clientId); // subscribes, then disconnects
        List<String> sent = MosquittoCli.payloads("away", MESSAGES);
        MosquittoCli.publishThenEnd(broker.port(), sent);
        try (MosquittoCli.Subscriber sub = MosquittoCli.subscribe(broker.port(),
                MosquittoCli.persistentSession(clientId))) {
            assertEquals(sent, sub.payloadsUntilEnd(), "the broker kept the messages for the absent client");
        }
    }

    @Test
    @Order(3)
    void aRestartOnTheSameDataDirectoryKeepsQueuedMessages() throws Exception {
        String clientId = "kafkasim-it-restart-" + kind();
        MosquittoCli.createSession(broker.port(), clientId);
        List<String> sent = MosquittoCli.payloads("kept", MESSAGES);
        MosquittoCli.publishThenEnd(broker.port(), sent);

        Path dataDir = broker.dataDir();
        broker.close();
        assertFalse(broker.isAlive());
        broker = start(dataDir);

        try (MosquittoCli.Subscriber sub = MosquittoCli.subscribe(broker.port(),
                MosquittoCli.persistentSession(clientId))) {
            List<String> received = sub.payloadsUntilEnd();
            assertEquals(MESSAGES, new HashSet<>(received).size(), "every queued message survived the restart");
            assertEquals(sent, received);
        }
    }

    @Test
    @Order(4)
    void closeLeavesNoProcessBehind() throws Exception {
        List<ProcessHandle> processes = broker.processes();
        assertFalse(processes.isEmpty());
        assertTrue(processes.stream().anyMatch(p -> p.pid() == broker.pid()), "processes() holds the broker");
        int port = broker.port();

        broker.close();
        broker.close(); // idempotent

        for (ProcessHandle p : processes) {
            assertFalse(LiveProcesses.alive(p.pid()), "pid " + p.pid() + " still alive after close()");
        }
        assertFalse(broker.isAlive());
        assertTrue(broker.processes().isEmpty());
        assertFalse(EmbeddedMosquitto.accepts(port), "nothing answers on " + port + " any more");
    }
}

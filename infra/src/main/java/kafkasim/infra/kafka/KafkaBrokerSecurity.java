package kafkasim.infra.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.KafkaClientSecurity;
import kafkasim.common.security.Principals;
import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;

/**
 * How an embedded Kafka broker secures its listeners (the scenario's {@code security}), and how kafkasim's own
 * admin client connects to it.
 *
 * <ul>
 *   <li>Every encrypted mode: the client listener (named after its protocol, {@code SSL} or {@code SASL_SSL}, as
 *       Kafka's docs name them) and the proxied CLIENTS listener use TLS with the {@code broker} certificate; the
 *       brokers talk to each other over the same listener. The KRaft CONTROLLER listener is TLS with client
 *       certificates required (SCRAM on the controller breaks the quorum's bootstrap), so a node is
 *       {@code User:broker} to the controllers by its certificate.</li>
 *   <li>sasl_ssl: SCRAM-SHA-512, users registered when the storage is formatted (KIP-900), before the broker
 *       serves anyone; the brokers log in to each other as {@code broker}.</li>
 *   <li>mtls: client certificates required; the principal is the certificate's CN.</li>
 *   <li>acl: Kafka's {@code StandardAuthorizer}, nothing allowed without an ACL, {@code broker} and
 *       {@code kafkasim} super users.</li>
 * </ul>
 *
 * @param scramPasswords principal → password to register (sasl_ssl); never written to server.properties
 */
public record KafkaBrokerSecurity(SecurityMode mode, SecurityFiles files, boolean acl,
                                  Map<String, String> scramPasswords) {
    public static final KafkaBrokerSecurity PLAIN = new KafkaBrokerSecurity(SecurityMode.PLAIN, null, false,
            Map.of());
    static final String SCRAM = "SCRAM-SHA-512";
    /** The CN of a certificate is its principal: {@code CN=device-sensor} is {@code User:device-sensor}. */
    static final String PRINCIPAL_FROM_CN = "RULE:^CN=([^,]+)(,.*)?$/$1/,DEFAULT";

    public KafkaBrokerSecurity {
        Objects.requireNonNull(mode, "mode");
        scramPasswords = Map.copyOf(scramPasswords);
        if (mode != SecurityMode.PLAIN) {
            Objects.requireNonNull(files, "files");
        }
        if (acl && !mode.authenticates()) {
            throw new IllegalArgumentException("ACLs need a mode that authenticates, got " + mode);
        }
    }

    /** The client listener's name and protocol: {@code PLAINTEXT}, {@code SSL} or {@code SASL_SSL}. */
    String listenerName() {
        return mode.kafkaProtocol();
    }

    /** The CONTROLLER listener's protocol. */
    String controllerProtocol() {
        return mode == SecurityMode.PLAIN ? "PLAINTEXT" : "SSL";
    }

    /** What secures the listeners, on top of {@link KafkaBrokerConfig}'s layout. */
    Map<String, String> brokerProperties() {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        if (mode == SecurityMode.PLAIN) {
            return p;
        }
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.location", files.keystorePem(Principals.KAFKA_BROKER).toString());
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", files.caCertificate().toString());
        p.put("ssl.principal.mapping.rules", PRINCIPAL_FROM_CN);
        p.put("ssl.client.auth", mode == SecurityMode.MTLS ? "required" : "none");
        p.put("listener.name.controller.ssl.client.auth", "required");
        if (mode == SecurityMode.SASL_SSL) {
            String listener = listenerName().toLowerCase(java.util.Locale.ROOT);
            p.put("config.providers", "file");
            p.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
            p.put("sasl.enabled.mechanisms", SCRAM);
            p.put("sasl.mechanism.inter.broker.protocol", SCRAM);
            // the client side of inter-broker connections logs in as "broker"; its password stays in its file
            p.put("listener.name." + listener + ".scram-sha-512.sasl.jaas.config",
                    "${file:" + files.credentials(Principals.KAFKA_BROKER) + ":sasl.jaas.config}");
            p.put("listener.name.clients.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        if (acl) {
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:" + Principals.KAFKA_BROKER + ";User:" + Principals.ADMIN);
            p.put("allow.everyone.if.no.acl.found", "false");
        }
        return p;
    }

    /** The storage tool's {@code --add-scram} values: every principal's SCRAM credential (sasl_ssl). */
    List<String> scramArguments() {
        List<String> args = new ArrayList<>();
        if (mode == SecurityMode.SASL_SSL) {
            scramPasswords.forEach((principal, password) ->
                    args.add(SCRAM + "=[name=" + principal + ",password=" + password + "]"));
        }
        return args;
    }

    /** How kafkasim's own clients (readiness probe, topics, lag, metric readers) connect: as {@code kafkasim}. */
    public KafkaClientSecurity admin() {
        return mode == SecurityMode.PLAIN ? KafkaClientSecurity.NONE
                : KafkaClientSecurity.of(mode, files, Principals.ADMIN, GroupSecurity.VALID);
    }

    /** For the start line: {@code SASL_SSL (SCRAM-SHA-512), ACLs}. */
    public String describe() {
        String what = switch (mode) {
            case PLAIN -> "PLAINTEXT";
            case TLS -> "SSL";
            case SASL_SSL -> "SASL_SSL, " + SCRAM;
            case MTLS -> "SSL, client certificates";
        };
        return what + (acl ? ", ACLs" : "");
    }

    @Override
    public String toString() {
        return "KafkaBrokerSecurity[" + mode + (acl ? ", acl" : "") + ", " + scramPasswords.size() + " SCRAM users]";
    }
}

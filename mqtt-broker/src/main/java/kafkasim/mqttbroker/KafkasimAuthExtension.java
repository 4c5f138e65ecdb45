package kafkasim.mqttbroker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;

import kafkasim.common.mqtt.HiveMqSecuritySpec;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.common.security.MosquittoPasswords;
import kafkasim.common.security.MqttAcl;
import kafkasim.common.security.SecurityMode;

/**
 * kafkasim's authentication and authorisation in HiveMQ CE, written on HiveMQ's extension SDK and embedded in the
 * broker JVM ({@link EmbeddedExtension}). Why an extension of its own: HiveMQ CE authenticates nobody by itself, and
 * its file-based RBAC extension ships only as a release zip, not as a Maven artifact kafkasim could depend on.
 *
 * <ul>
 *   <li>sasl_ssl: CONNECT's username is the principal, its password is checked against the Mosquitto-format hashes
 *       the launcher wrote ({@link MosquittoPasswords}); no username → NOT_AUTHORIZED, a wrong one →
 *       BAD_USER_NAME_OR_PASSWORD;</li>
 *   <li>mtls: the TLS listener already refused a client without a certificate of the run CA; the principal is the
 *       certificate's CN;</li>
 *   <li>ACL ({@link MqttAcl}): default permissions, DENY for everything else: a device may publish only
 *       {@code devices/<type>/<its client id>/telemetry}, a refused group nothing, a job only subscribe to the
 *       telemetry; without an ACL an authenticated client may do anything.</li>
 * </ul>
 * A denied publish is answered as HiveMQ does: PUBACK with NOT_AUTHORIZED for MQTT 5 QoS 1/2, a disconnect for MQTT
 * 3.1.1 and QoS 0.
 */
final class KafkasimAuthExtension implements SimpleAuthenticator {
    private final HiveMqSecuritySpec spec;
    /** Principal → its {@code $7$…} entry (sasl_ssl). */
    private final Map<String, String> passwordHashes;

    private KafkasimAuthExtension(HiveMqSecuritySpec spec, Map<String, String> passwordHashes) {
        this.spec = spec;
        this.passwordHashes = passwordHashes;
    }

    /** The extension for {@code spec}, or empty when its mode authenticates nobody (tls). */
    static Optional<EmbeddedExtension> of(HiveMqSecuritySpec spec) throws IOException {
        if (!spec.mode().authenticates()) {
            return Optional.empty();
        }
        Map<String, String> hashes = spec.passwordFile() == null ? Map.of()
                : MosquittoPasswords.parse(Files.readString(spec.passwordFile(), StandardCharsets.UTF_8));
        KafkasimAuthExtension authenticator = new KafkasimAuthExtension(spec, hashes);
        ExtensionMain main = new ExtensionMain() {
            @Override
            public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
                // one instance for every client: it holds no per-connection state
                Services.securityRegistry().setAuthenticatorProvider(input -> authenticator);
            }

            @Override
            public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {
            }
        };
        return Optional.of(EmbeddedExtension.builder().withId("kafkasim-auth").withName("kafkasim authentication")
                .withVersion("1").withAuthor("kafkasim").withPriority(1000).withStartPriority(1000)
                .withExtensionMain(main).build());
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String principal;
        if (spec.mode() == SecurityMode.SASL_SSL) {
            Optional<String> user = input.getConnectPacket().getUserName();
            Optional<ByteBuffer> password = input.getConnectPacket().getPassword();
            if (user.isEmpty() || password.isEmpty()) {
                output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "username and password required");
                return;
            }
            String entry = passwordHashes.get(user.get());
            if (entry == null || !MosquittoPasswords.verify(entry, bytes(password.get()))) {
                output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
                return;
            }
            principal = user.get();
        } else {
            Optional<String> cn = input.getConnectionInformation().getClientTlsInformation()
                    .flatMap(ClientTlsInformation::getClientCertificate).flatMap(KafkasimAuthExtension::commonName);
            if (cn.isEmpty()) {
                output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "client certificate required");
                return;
            }
            principal = cn.get();
        }
        if (spec.acl() != null) {
            permit(spec.acl(), principal, input.getClientInformation().getClientId(), output.getDefaultPermissions());
        }
        output.authenticateSuccessfully();
    }

    /** The principal's rights as default permissions; nothing else is allowed. */
    static void permit(MqttAcl acl, String principal, String clientId, ModifiableDefaultPermissions permissions) {
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        String topic = acl.publishTopic(principal, clientId);
        if (topic != null) {
            permissions.add(Builders.topicPermission().topicFilter(topic)
                    .type(TopicPermission.PermissionType.ALLOW)
                    .activity(TopicPermission.MqttActivity.PUBLISH).build());
        }
        if (acl.reads(principal)) {
            permissions.add(Builders.topicPermission().topicFilter(MqttSettings.ALL_TELEMETRY)
                    .type(TopicPermission.PermissionType.ALLOW)
                    .activity(TopicPermission.MqttActivity.SUBSCRIBE).build());
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static Optional<String> commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            // no usable name: no principal
        }
        return Optional.empty();
    }
}

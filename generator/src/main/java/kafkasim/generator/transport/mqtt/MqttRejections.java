package kafkasim.generator.transport.mqtt;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import javax.net.ssl.SSLException;
import kafkasim.common.security.Rejection;

/**
 * The HiveMQ client's errors that are a broker refusing a device, by reason ({@code Transport.rejectionOf}):
 *
 * <ul>
 *   <li>CONNACK "bad user name or password" or "not authorized" (MQTT 5 and 3.1.1) →
 *       {@link Rejection#AUTHENTICATION};</li>
 *   <li>PUBACK/PUBREC "not authorized" (MQTT 5), or a DISCONNECT "not authorized" (HiveMQ's answer to a denied
 *       QoS 0 publish) → {@link Rejection#AUTHORISATION};</li>
 *   <li>a failed TLS handshake anywhere in the causes (untrusted server, no or untrusted client certificate) →
 *       {@link Rejection#TLS}.</li>
 * </ul>
 * An MQTT 3.1.1 client cannot tell a denied publish: Mosquitto acknowledges it as usual and drops it, HiveMQ closes
 * the connection without a reason. Those stay send errors or unnoticed.
 */
final class MqttRejections {
    /** Causes followed at most: a cycle cannot hold the worker. */
    private static final int MAX_DEPTH = 10;

    private MqttRejections() {
    }

    /** Why the broker refused, or null when {@code error} is no refusal. */
    static Rejection of(Throwable error) {
        Throwable e = error;
        for (int depth = 0; e != null && depth < MAX_DEPTH; depth++, e = e.getCause()) {
            Rejection r = direct(e);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static Rejection direct(Throwable e) {
        if (e instanceof Mqtt5ConnAckException c) {
            Mqtt5ConnAckReasonCode code = c.getMqttMessage().getReasonCode();
            return code == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD
                    || code == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED
                    || code == Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD ? Rejection.AUTHENTICATION : null;
        }
        if (e instanceof Mqtt3ConnAckException c) {
            Mqtt3ConnAckReturnCode code = c.getMqttMessage().getReturnCode();
            return code == Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD
                    || code == Mqtt3ConnAckReturnCode.NOT_AUTHORIZED ? Rejection.AUTHENTICATION : null;
        }
        if (e instanceof Mqtt5PubAckException p) {
            return p.getMqttMessage().getReasonCode() == Mqtt5PubAckReasonCode.NOT_AUTHORIZED
                    ? Rejection.AUTHORISATION : null;
        }
        if (e instanceof Mqtt5PubRecException p) {
            return p.getMqttMessage().getReasonCode() == Mqtt5PubRecReasonCode.NOT_AUTHORIZED
                    ? Rejection.AUTHORISATION : null;
        }
        if (e instanceof Mqtt5DisconnectException d) {
            return d.getMqttMessage().getReasonCode() == Mqtt5DisconnectReasonCode.NOT_AUTHORIZED
                    ? Rejection.AUTHORISATION : null;
        }
        return e instanceof SSLException ? Rejection.TLS : null;
    }

    /** Whether a failed connect is a refusal: the device gives up instead of reconnecting. */
    static boolean refusesConnection(Throwable error) {
        Rejection r = of(error);
        return r == Rejection.AUTHENTICATION || r == Rejection.TLS;
    }
}

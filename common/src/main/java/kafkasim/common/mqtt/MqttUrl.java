package kafkasim.common.mqtt;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An MQTT broker address, {@code tcp://host:port} (the form Paho, HiveMQ's tools and kafkasim's flags use).
 *
 * @param host host name or IP address
 * @param port TCP port, 1..65535
 */
public record MqttUrl(String host, int port) {

    /**
     * Parses {@code tcp://host:port}.
     *
     * @throws IllegalArgumentException naming what is wrong (the caller prefixes the flag or field)
     */
    public static MqttUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("must be tcp://host:port, got \"" + url + "\"");
        }
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535
                || (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null
                || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("must be tcp://host:port, got \"" + url + "\"");
        }
        return new MqttUrl(uri.getHost(), uri.getPort());
    }

    @Override
    public String toString() {
        return "tcp://" + host + ":" + port;
    }
}

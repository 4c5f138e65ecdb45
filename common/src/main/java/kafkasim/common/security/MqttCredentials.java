package kafkasim.common.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A username and password read from a principal's credentials file ({@link SecurityFiles#credentials}), for MQTT's
 * CONNECT. Not a record: its {@code toString} must never show the password.
 */
public final class MqttCredentials {
    private final String username;
    private final byte[] password;

    private MqttCredentials(String username, byte[] password) {
        this.username = username;
        this.password = password;
    }

    /**
     * Reads {@code username} and {@code password} of a Java properties file.
     *
     * @throws IllegalArgumentException naming the file (never its content) when it is missing or incomplete
     */
    public static MqttCredentials read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the credentials file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the credentials file " + file + ": "
                    + e.getClass().getSimpleName());
        }
        String username = p.getProperty("username");
        String password = p.getProperty("password");
        if (username == null || username.isBlank() || password == null) {
            throw new IllegalArgumentException("the credentials file " + file + " needs a username and a password");
        }
        return new MqttCredentials(username, password.getBytes(StandardCharsets.UTF_8));
    }

    public String username() {
        return username;
    }

    /** A copy: the caller may clear it. */
    public byte[] password() {
        return password.clone();
    }

    @Override
    public String toString() {
        return "MqttCredentials[" + username + ", password hidden]";
    }
}

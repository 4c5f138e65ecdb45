package kafkasim.common.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Mosquitto 2.0's password file format, {@code user:$7$101$<Base64 salt>$<Base64 hash>}: PBKDF2 with HMAC-SHA512,
 * 101 iterations, a 12-byte salt and a 64-byte hash, exactly what {@code mosquitto_passwd} writes (checked against
 * it in {@code MosquittoPasswordsTest}).
 *
 * <p>Why kafkasim writes the file itself instead of running {@code mosquitto_passwd}: {@code -b user password} puts
 * the password in an argv that every user of the host can read in {@code /proc}, and {@code -U} needs the plain
 * passwords on disk first; here they go from memory straight to their hashes. The same file is the HiveMQ broker
 * JVM's password list ({@link #verify}), so both brokers get the passwords one way, and neither ever sees them in
 * plain text.
 */
public final class MosquittoPasswords {
    static final int ITERATIONS = 101;
    static final int SALT_BYTES = 12;
    static final int HASH_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private MosquittoPasswords() {
    }

    /** One line (without newline) for {@code username} with a fresh salt. */
    public static String line(String username, String password) {
        if (username.isEmpty() || username.contains(":") || username.contains("\n")) {
            throw new IllegalArgumentException("not a user name for a password file: '" + username + "'");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return username + ":$7$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(hash(password, salt, ITERATIONS));
    }

    /** The file's text: one line per user, in name order. */
    public static String file(Map<String, String> passwords) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(passwords).forEach((user, password) -> out.append(line(user, password)).append('\n'));
        return out.toString();
    }

    /** User → its hash ({@code $7$…}) in a file's text; a line that is not {@code user:$7$…} is an error. */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new TreeMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 1 || !line.startsWith("$7$", colon + 1)) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the password file is not user:$7$…");
            }
            out.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return out;
    }

    /** Whether {@code password} matches {@code entry} ({@code $7$iterations$salt$hash}), in constant time. */
    public static boolean verify(String entry, byte[] password) {
        String[] parts = entry.split("\\$");
        // "", "7", iterations, salt, hash
        if (parts.length != 5 || !"7".equals(parts[1])) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[2]);
            byte[] salt = Base64.getDecoder().decode(parts[3]);
            byte[] hash = Base64.getDecoder().decode(parts[4]);
            String text = new String(password, StandardCharsets.UTF_8);
            return MessageDigest.isEqual(hash, hash(text, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] hash(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA512", e);
        } finally {
            spec.clearPassword();
        }
    }
}

package kafkasim.simulation.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The dashboard's one secret: 192 random bits, printed in the dashboard's URL. A request carries it as
 * {@code ?token=} (the page and its event stream: a browser's EventSource cannot set headers) or as
 * {@code Authorization: Bearer} (curl, Prometheus). Compared in constant time.
 */
public record AccessToken(String value) {
    public static AccessToken random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return new AccessToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * @param query               the request URI's raw query (may be null)
     * @param authorizationHeader the {@code Authorization} header (may be null)
     */
    public boolean admits(String query, String authorizationHeader) {
        if (authorizationHeader != null && authorizationHeader.startsWith("Bearer ")
                && matches(authorizationHeader.substring("Bearer ".length()).trim())) {
            return true;
        }
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=")
                        && matches(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}

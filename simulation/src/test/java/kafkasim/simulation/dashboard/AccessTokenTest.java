package kafkasim.simulation.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccessTokenTest {
    @Test
    void onlyTheExactTokenIsAdmittedAsQueryOrBearer() {
        AccessToken t = new AccessToken("abc_DEF-123");
        assertTrue(t.admits("token=abc_DEF-123", null));
        assertTrue(t.admits("x=1&token=abc_DEF-123", null));
        assertTrue(t.admits(null, "Bearer abc_DEF-123"));
        assertFalse(t.admits(null, null));
        assertFalse(t.admits("token=", null));
        assertFalse(t.admits("token=abc_DEF-12", null), "a prefix");
        assertFalse(t.admits("token=abc_DEF-1234", null), "longer");
        assertFalse(t.admits("xtoken=abc_DEF-123", null));
        assertFalse(t.admits(null, "Basic abc_DEF-123"));
        assertFalse(t.admits(null, "Bearer abc_def-123"), "case matters");
    }

    @Test
    void randomTokensAreLongAndUrlSafe() {
        AccessToken a = AccessToken.random();
        assertTrue(a.value().matches("[A-Za-z0-9_-]{32}"), a.value());
        assertNotEquals(a, AccessToken.random());
    }
}

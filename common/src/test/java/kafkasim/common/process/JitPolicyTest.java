package kafkasim.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JitPolicyTest {
    @Test
    void smallHostsCompileWithC1OnlyLargerOnesKeepTheDefault() {
        assertEquals(List.of("-XX:TieredStopAtLevel=1"), JitPolicy.forHost(2));
        assertEquals(List.of("-XX:TieredStopAtLevel=1"), JitPolicy.forHost(4));
        assertEquals(List.of(), JitPolicy.forHost(8));
    }
}

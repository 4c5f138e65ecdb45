package kafkasim.infra.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Numeric user and group ids, read from the OS (no JNI). */
final class Uids {
    private static volatile Integer current;

    private Uids() {
    }

    /** The effective uid of this JVM, or -1 if it cannot be told (then it is treated as non-root). */
    static int current() {
        Integer uid = current;
        if (uid == null) {
            uid = readCurrent();
            current = uid;
        }
        return uid;
    }

    private static int readCurrent() {
        try {
            // /proc/self belongs to the effective uid of the process looking at it
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }

    /** {@code {uid, primary gid}} of {@code user} ({@code id -u}, {@code id -g}), or null if there is no such user. */
    static int[] lookup(String user) {
        Integer uid = idOf("-u", user);
        Integer gid = idOf("-g", user);
        return uid == null || gid == null ? null : new int[] {uid, gid};
    }

    private static Integer idOf(String flag, String user) {
        try {
            Process p = new ProcessBuilder(List.of("id", flag, "--", user))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 && out.matches("\\d+") ? Integer.valueOf(out) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

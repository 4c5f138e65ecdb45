package kafkasim.infra.postgres;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import kafkasim.infra.ChildProcesses;

/**
 * How {@code initdb} and {@code postgres} are launched: PostgreSQL refuses to run as root, so when this JVM is
 * root they run as an unprivileged user ({@value #DEFAULT_USER} unless system property {@value #USER_PROPERTY} names
 * another) through {@code setpriv} (preferred: it {@code exec}s, so the launched process IS postgres, and it can
 * set a parent-death signal) or, failing that, {@code runuser}. Non-root: postgres runs as this user, still through
 * {@code setpriv --pdeathsig} when available.
 *
 * <p>The parent-death signal ({@code prctl(PR_SET_PDEATHSIG)}) makes the kernel signal postgres when the thread
 * that started it dies, i.e. when the watcher JVM is killed, even with SIGKILL.
 */
final class RunAs {
    /** System property naming the unprivileged user that runs PostgreSQL when kafkasim runs as root. */
    static final String USER_PROPERTY = "kafkasim.postgres.user";
    static final String DEFAULT_USER = "nobody";

    enum Mode {
        /** Run as this JVM's user. */
        DIRECT,
        /** {@code setpriv --reuid --regid --clear-groups}: exec's the program as the unprivileged user. */
        SETPRIV,
        /** {@code runuser -u USER --}: forks, so the launched process is runuser with postgres as its child. */
        RUNUSER
    }

    final Mode mode;
    /** True if the prefix is {@code setpriv … --pdeathsig=SIG --}. */
    final boolean pdeathsig;
    /** The user postgres runs as ({@code null} for {@link Mode#DIRECT}). */
    final String user;
    final int uid;
    final int gid;

    private static RunAs detected;

    RunAs(Mode mode, boolean pdeathsig, String user, int uid, int gid) {
        this.mode = mode;
        this.pdeathsig = pdeathsig;
        this.user = user;
        this.uid = uid;
        this.gid = gid;
    }

    /** Detected once per JVM (a few milliseconds: runs {@code true} through the candidates). */
    static synchronized RunAs detect() {
        if (detected == null) {
            String user = System.getProperty(USER_PROPERTY, DEFAULT_USER);
            detected = detect(Uids.current(), user, Uids::lookup, ChildProcesses::exitsZero);
        }
        return detected;
    }

    /**
     * The launch mode for a JVM running as {@code currentUid}: {@code ids} looks a user up ({uid, gid} or null),
     * {@code works} runs a probe command and tells whether it exited 0.
     *
     * @throws IllegalStateException as root, if the user does not exist, is root itself, or neither setpriv nor
     *                               runuser can switch to it
     */
    static RunAs detect(int currentUid, String user, Function<String, int[]> ids, Predicate<List<String>> works) {
        if (currentUid != 0) {
            boolean pdeathsig = works.test(List.of("setpriv", "--pdeathsig=TERM", "--", "true"));
            return new RunAs(Mode.DIRECT, pdeathsig, null, currentUid, -1);
        }
        int[] id = ids.apply(user);
        if (id == null) {
            throw new IllegalStateException("PostgreSQL refuses to run as root and kafkasim runs as root, so it runs "
                    + "PostgreSQL as user '" + user + "', but there is no such user. Create it, set -D" + USER_PROPERTY
                    + "=<an existing unprivileged user>, or run kafkasim as a non-root user");
        }
        if (id[0] == 0) {
            throw new IllegalStateException("user '" + user + "' has uid 0; PostgreSQL needs an unprivileged user. Set -D"
                    + USER_PROPERTY + "=<an existing unprivileged user>");
        }
        RunAs setpriv = new RunAs(Mode.SETPRIV, true, user, id[0], id[1]);
        if (works.test(setpriv.command("TERM", List.of("true")))) {
            return setpriv;
        }
        RunAs oldSetpriv = new RunAs(Mode.SETPRIV, false, user, id[0], id[1]); // util-linux < 2.33: no --pdeathsig
        if (works.test(oldSetpriv.command("TERM", List.of("true")))) {
            return oldSetpriv;
        }
        RunAs runuser = new RunAs(Mode.RUNUSER, false, user, id[0], id[1]);
        if (works.test(runuser.command("TERM", List.of("true")))) {
            return runuser;
        }
        throw new IllegalStateException("PostgreSQL refuses to run as root and kafkasim runs as root, but it cannot "
                + "switch to user '" + user + "' (uid " + id[0] + "): neither '"
                + String.join(" ", setpriv.prefix("TERM")) + " true' nor '" + String.join(" ", runuser.prefix("TERM"))
                + " true' works here (util-linux missing, or no CAP_SETUID/CAP_SETGID in this container). Install "
                + "util-linux (setpriv, runuser) or run kafkasim as a non-root user");
    }

    /** True if PostgreSQL runs as another user than this JVM's. */
    boolean switchesUser() {
        return mode != Mode.DIRECT;
    }

    /** The launcher words put before the program; {@code deathSignal} is sent if the launching thread dies. */
    List<String> prefix(String deathSignal) {
        List<String> p = new ArrayList<>();
        switch (mode) {
            case DIRECT -> {
                if (pdeathsig) {
                    p.addAll(List.of("setpriv", "--pdeathsig=" + deathSignal, "--"));
                }
            }
            case SETPRIV -> {
                p.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
                if (pdeathsig) {
                    p.add("--pdeathsig=" + deathSignal);
                }
                p.add("--");
            }
            case RUNUSER -> p.addAll(List.of("runuser", "-u", user, "--"));
            default -> throw new AssertionError(mode);
        }
        return p;
    }

    List<String> command(String deathSignal, List<String> program) {
        List<String> cmd = prefix(deathSignal);
        cmd.addAll(program);
        return cmd;
    }

    /**
     * Creates {@code dir} if needed; when switching users, makes the user own it (recursively, if its top is
     * owned by someone else) with mode 0700, as PostgreSQL demands of its data directory.
     */
    void ownedDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (switchesUser()) {
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != uid) {
                chownTree(dir);
            }
        }
        Files.setAttribute(dir, "unix:mode", 0700);
    }

    private void chownTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                chown(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                chown(file);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void chown(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * When switching users: makes every directory from {@code /} down to {@code dir} searchable by the user, adding
     * only the others-execute bit ({@code o+x}: enter, not list) where it is missing; {@code note} is told each change.
     * A path under {@code /root} (mode 0700) or a JUnit temp directory would otherwise be out of reach.
     */
    void ensureReachable(Path dir, Consumer<String> note) throws IOException {
        if (!switchesUser()) {
            return;
        }
        Path real = dir.toRealPath();
        List<Path> chain = new ArrayList<>();
        for (Path p = real; p != null; p = p.getParent()) {
            chain.add(0, p);
        }
        for (Path p : chain) {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            int owner = (Integer) Files.getAttribute(p, "unix:uid");
            int group = (Integer) Files.getAttribute(p, "unix:gid");
            if (!canSearch(mode, owner, group)) {
                Files.setAttribute(p, "unix:mode", (mode & 07777) | 0001);
                note.accept("added o+x (search, not list) to " + p + " (mode was "
                        + String.format("%04o", mode & 07777) + ") so that user '" + user + "' can reach " + real);
            }
        }
    }

    boolean canSearch(int mode, int owner, int group) {
        if (owner == uid) {
            return (mode & 0100) != 0;
        }
        if (group == gid) {
            return (mode & 0010) != 0;
        }
        return (mode & 0001) != 0;
    }

    @Override
    public String toString() {
        return switchesUser() ? mode + " as " + user + " (uid " + uid + ", gid " + gid + ")" : "DIRECT";
    }
}

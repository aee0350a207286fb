package sigkit.xconnect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import sigkit.json.Json;

/**
 * A small xConnect (Kronos) API client on {@code java.net.http}: it signs every request with an
 * {@link XConnectSigner} and sends it. Point it at the sigkit mock, or at the platform.
 *
 * <pre>{@code
 * XConnectClient client = new XConnectClient(mock.url(), XConnectClient.GUIDE_API_KEY, XConnectClient.GUIDE_SECRET_KEY);
 * Map<String, Object> page = client.get("/api/v1/kronos/devices", List.of(Map.entry("_size", "20")));
 * }</pre>
 */
public final class XConnectClient {
    /** The signing guide's example api key, which the sigkit mock accepts. */
    public static final String GUIDE_API_KEY = "5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2";
    /** The signing guide's example secret key. */
    public static final String GUIDE_SECRET_KEY = "ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==";

    /** The server answered an error status; {@code body} is its text (the mock's 401 carries a {@code sigkit} diagnosis). */
    public static final class Rejected extends IOException {
        private static final long serialVersionUID = 1L;
        /** The HTTP status. */
        public final int status;
        /** The whole answer, e.g. the production 401 body with the mock's {@code sigkit} diagnosis. */
        public final String body;

        Rejected(String method, String target, int status, String body) {
            super(method + " " + target + " was rejected with " + status + serverMessage(body));
            this.status = status;
            this.body = body;
        }

        /** The answer's "message" field (e.g. "Not Authorized"), which is all the platform says. */
        private static String serverMessage(String body) {
            try {
                Object message = Json.parseObject(body).get("message");
                return message == null ? "" : ": " + message;
            } catch (IllegalArgumentException notJson) {
                return body.isEmpty() ? "" : ": " + body;
            }
        }
    }

    private final String baseUrl;
    private final String apiKey;
    private final String secretKey;
    private final XConnectSigner signer;
    // HTTP/1.1: the JDK would otherwise offer an h2c upgrade on every plain-HTTP request.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    public XConnectClient(String baseUrl, String apiKey, String secretKey) {
        this(baseUrl, apiKey, secretKey, new XConnectSigner());
    }

    /** A client signing with the given signer (a test may pass a deliberately broken one). */
    public XConnectClient(String baseUrl, String apiKey, String secretKey, XConnectSigner signer) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.secretKey = secretKey;
        this.signer = signer;
    }

    /** GET with query parameters; answers the parsed JSON object. */
    public Map<String, Object> get(String path, List<Map.Entry<String, String>> params) throws IOException, InterruptedException {
        return asObject(request("GET", path, params, null));
    }

    /** POST of a JSON body (already serialised: the signature covers these exact bytes). */
    public Map<String, Object> post(String path, String jsonBody) throws IOException, InterruptedException {
        return asObject(request("POST", path, List.of(), jsonBody));
    }

    /** Signs and sends one request; answers the parsed JSON, or throws {@link Rejected} on a status of 400 or more. */
    public Object request(String method, String path, List<Map.Entry<String, String>> params, String body)
            throws IOException, InterruptedException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        XConnectSigner.Signed signed = signer.sign(method, path, params, bytes, apiKey, secretKey, Instant.now().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + signed.target()))
                .timeout(Duration.ofSeconds(30))
                .header("accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) request.header("content-type", "application/json");
        signed.headers().forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() >= 400) throw new Rejected(method, signed.target(), response.statusCode(), response.body());
        return response.body().isEmpty() ? null : Json.parse(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value) {
        if (value instanceof Map) return (Map<String, Object>) value;
        throw new IllegalStateException("expected a JSON object, got " + value);
    }
}

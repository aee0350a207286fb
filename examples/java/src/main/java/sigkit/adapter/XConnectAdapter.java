package sigkit.adapter;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sigkit.json.Json;
import sigkit.xconnect.XConnectSigner;

/**
 * A {@code sigkit check} adapter around the Java client's {@link XConnectSigner} (packages/conformance/PROTOCOL.md):
 * one JSON request per line on stdin, one JSON answer per line on stdout, until stdin ends.
 *
 * <pre>
 * javac -d /tmp/sigkit-java $(find examples/java/src/main -name '*.java')
 * sigkit check --scheme xconnect --adapter "java -cp /tmp/sigkit-java sigkit.adapter.XConnectAdapter"
 * </pre>
 *
 * It signs version 1 only, as the client does; a request for another version is answered with an error.
 */
public final class XConnectAdapter {
    private XConnectAdapter() {}

    public static void main(String[] args) throws IOException {
        XConnectSigner signer = new XConnectSigner();
        // Lines end in "\n": JSON escapes every other line break inside a request.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            Map<String, Object> request = Json.parseObject(line);
            Map<String, Object> reply;
            try {
                reply = answer(signer, request);
            } catch (RuntimeException e) {
                // An answer for every request, even one this signer cannot handle (stdout is for answers only).
                reply = new LinkedHashMap<>();
                reply.put("id", request.get("id"));
                reply.put("error", Map.of("message", String.valueOf(e)));
            }
            out.write(Json.write(reply));
            out.write('\n');
            // sigkit pipelines requests: flush once no more input is already waiting, not after every line.
            if (!in.ready()) out.flush();
        }
        out.flush();
    }

    /** The answer line for one request line. */
    static Map<String, Object> answer(XConnectSigner signer, Map<String, Object> request) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", request.get("id"));
        if (!"xconnect".equals(request.get("scheme")) || !"signer".equals(request.get("role"))) {
            reply.put("error", Map.of("message", "this adapter only signs xconnect requests", "code", "UNSUPPORTED"));
            return reply;
        }
        Object version = request.getOrDefault("version", 1L);
        if (!(version instanceof Number n) || n.longValue() != 1) {
            reply.put("error", Map.of("message", "this client signs version 1 only, not " + version, "code", "UNSUPPORTED_VERSION"));
            return reply;
        }
        byte[] body = request.get("bodyBase64") instanceof String base64
                ? Base64.getDecoder().decode(base64)
                : String.valueOf(request.getOrDefault("body", "")).getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> params = new ArrayList<>();
        for (Object pair : (List<?>) request.get("query")) {
            List<?> nameValue = (List<?>) pair;
            params.add(Map.entry((String) nameValue.get(0), (String) nameValue.get(1)));
        }
        String method = (String) request.get("method");
        XConnectSigner.Signed signed = signer.sign(method, (String) request.get("path"), params, body,
                (String) request.get("apiKey"), (String) request.get("secretKey"), (String) request.get("timestamp"));
        reply.put("method", method);
        reply.put("target", signed.target());
        reply.put("headers", signed.headers());
        if (request.containsKey("bodyBase64")) reply.put("bodyBase64", request.get("bodyBase64"));
        else reply.put("body", request.getOrDefault("body", ""));
        Map<String, Object> intermediates = new LinkedHashMap<>();
        intermediates.put("queryLines", signed.queryLines());
        intermediates.put("payloadHash", signed.payloadHash());
        intermediates.put("canonicalRequest", signed.canonicalRequest());
        intermediates.put("canonicalRequestHash", signed.canonicalRequestHash());
        intermediates.put("stringToSign", signed.stringToSign());
        intermediates.put("signingKey", signed.signingKey());
        intermediates.put("signature", signed.signature());
        reply.put("intermediates", intermediates);
        return reply;
    }
}

package sigkit.xconnect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs an xConnect request, signature version 1 (docs/spec/xconnect.md §1): the signing guide's Java
 * example ({@code generateSignedRequestToken}), completed so that it signs any request the platform
 * accepts — query lines as §1.1 says, the body hash, the key chain, and the headers to send.
 *
 * <p>The steps are protected methods so that a test can build a deliberately broken signer from one
 * wrong step (see the examples' {@code BrokenClientTest}).
 */
public class XConnectSigner {
    /** The signature version this signer sends in {@code x-arrow-version}. */
    public static final String VERSION = "1";

    /** One signed request: what to send, and every intermediate value of docs/spec/xconnect.md §1. */
    public record Signed(
            String target,
            Map<String, String> headers,
            List<String> queryLines,
            String payloadHash,
            String canonicalRequest,
            String canonicalRequestHash,
            String stringToSign,
            List<String> signingKey,
            String signature) {}

    /**
     * Signs one request.
     *
     * @param method    the HTTP method
     * @param path      the path exactly as it will be sent (already percent-encoded), without the query
     * @param params    the query parameters, decoded, in the order to send them
     * @param body      the exact body bytes (empty for none)
     * @param timestamp the {@code x-arrow-date} text, e.g. {@code Instant.now().toString()}
     */
    public Signed sign(String method, String path, List<Map.Entry<String, String>> params, byte[] body,
                       String apiKey, String secretKey, String timestamp) {
        List<String> lines = queryLines(params);
        String payloadHash = sha256Hex(body);
        String canonicalRequest = canonicalRequest(method, path, lines, payloadHash);
        String canonicalRequestHash = sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        // §1.2: the string to sign.
        String stringToSign = canonicalRequestHash + '\n' + apiKey + '\n' + timestamp + '\n' + VERSION;
        // §1.3: each step's hex text is the data of the next (the guide's signingKey = hexEncode(hmacSha256(…))).
        String k1 = hmacSha256Hex(apiKey, secretKey);
        String k2 = hmacSha256Hex(timestamp, k1);
        String k3 = hmacSha256Hex(VERSION, k2);
        String signature = hmacSha256Hex(k3, stringToSign);
        // §1.5: the four headers.
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-arrow-apikey", apiKey);
        headers.put("x-arrow-date", timestamp);
        headers.put("x-arrow-version", VERSION);
        headers.put("x-arrow-signature", signature);
        String query = encodeQuery(params);
        return new Signed(query.isEmpty() ? path : path + '?' + query, headers, lines, payloadHash, canonicalRequest,
                canonicalRequestHash, stringToSign, List.of(k1, k2, k3), signature);
    }

    /**
     * §1.1 query lines: {@code URLEncoder.encode(lowercase(name))=trim(value)} per parameter, sorted as
     * whole strings ({@code String.compareTo}, UTF-16 code units). The guide does this with a HashMap,
     * which loses repeated names; a list keeps them.
     */
    protected List<String> queryLines(List<Map.Entry<String, String>> params) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> param : params) {
            // A piece with an empty name gives no line (docs/spec/xconnect.md §1.1, [kit]).
            if (param.getKey().isEmpty()) continue;
            lines.add(URLEncoder.encode(lowerCase(param.getKey()), StandardCharsets.UTF_8)
                    + '=' + param.getValue().trim());
        }
        Collections.sort(lines);
        return lines;
    }

    /**
     * Lower-cases a decoded name as the kit's reference does (JavaScript's {@code toLowerCase}, with the
     * Unicode tables of the Node.js that runs sigkit). {@code String.toLowerCase(Locale.ROOT)} agrees, except
     * for capital letters newer than the JDK's tables (JDK 17 knows Unicode 13); their simple lower-case
     * mappings, Unicode 14 to 17, are added here. A newer JDK already maps them, and then none remains.
     */
    public static String lowerCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.toLowerCase(Locale.ROOT).codePoints().forEach(cp -> out.appendCodePoint(newerLowerCase(cp)));
        return out.toString();
    }

    private static int newerLowerCase(int cp) {
        switch (cp) {
            case 0x1C89: return 0x1C8A;
            case 0x2C2F: return 0x2C5F;
            case 0xA7C0: return 0xA7C1;
            case 0xA7CB: return 0x0264;
            case 0xA7DC: return 0x019B;
            default: break;
        }
        if (cp >= 0xA7CC && cp <= 0xA7DA && cp % 2 == 0) return cp + 1; // Latin: A7CC/A7CD … A7DA/A7DB
        if ((cp >= 0x10570 && cp <= 0x10595) && cp != 0x1057B && cp != 0x1058B && cp != 0x10593) return cp + 0x27; // Vithkuqi
        if (cp >= 0x10D50 && cp <= 0x10D65) return cp + 0x20; // Garay
        if (cp >= 0x16EA0 && cp <= 0x16EB8) return cp + 0x1B; // Beria Erfe
        return cp;
    }

    /** §1.1: method, path, each query line, the body hash, joined by "\n" with none at the end. */
    protected String canonicalRequest(String method, String path, List<String> queryLines, String payloadHash) {
        StringBuilder builder = new StringBuilder();
        builder.append(method.toUpperCase(Locale.ROOT)).append('\n');
        builder.append(path).append('\n');
        queryLines.forEach(line -> builder.append(line).append('\n'));
        builder.append(payloadHash);
        return builder.toString();
    }

    /** The query string to send: every name and value percent-encoded as UTF-8, all but A-Z a-z 0-9 - . _ ~. */
    public static String encodeQuery(List<Map.Entry<String, String>> params) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> param : params) {
            if (query.length() > 0) query.append('&');
            query.append(percentEncode(param.getKey())).append('=').append(percentEncode(param.getValue()));
        }
        return query.toString();
    }

    /** RFC 3986 percent-encoding of UTF-8 bytes, keeping only the unreserved characters. */
    public static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The guide's helper: hex HMAC-SHA256 with a text key over text data (mind the order: key first). */
    public static String hmacSha256Hex(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return printHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The guide's helper, over bytes: the body is hashed as sent. */
    public static String sha256Hex(byte[] data) {
        try {
            return printHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Lowercase hex, as the guide's {@code printHex} (which used javax.xml.bind, gone from the JDK since 11). */
    public static String printHex(byte[] data) {
        StringBuilder hex = new StringBuilder(data.length * 2);
        for (byte b : data) hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        return hex.toString();
    }
}

package sigkit.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sigkit.junit.SigkitMock;
import sigkit.junit.SigkitMockExtension;
import sigkit.xconnect.XConnectClient;
import sigkit.xconnect.XConnectSigner;

/**
 * Deliberately broken clients: each signer gets one step wrong, and each test fails with the mock's
 * diagnosis naming the mistake (docs/spec/xconnect.md §4). This class is meant to FAIL.
 */
@ExtendWith(SigkitMockExtension.class)
class BrokenClientTest {
    private static final String API = "/api/v1/kronos";

    /** Ends each canonical query line with "\r\n" (CrlfQueryLines). */
    static final class CrlfSigner extends XConnectSigner {
        @Override
        protected String canonicalRequest(String method, String path, List<String> queryLines, String payloadHash) {
            StringBuilder builder = new StringBuilder(method + "\n" + path + "\n");
            queryLines.forEach(line -> builder.append(line).append("\r\n"));
            return builder.append(payloadHash).toString();
        }
    }

    /** Keeps the query lines in request order (UnsortedQuery). */
    static final class UnsortedSigner extends XConnectSigner {
        @Override
        protected List<String> queryLines(List<Map.Entry<String, String>> params) {
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, String> param : params) lines.add(param.getKey().toLowerCase() + "=" + param.getValue().trim());
            return lines;
        }
    }

    @Test
    void crlfQueryLinesFailEvenWhenThe401IsSwallowed(SigkitMock mock) throws Exception {
        // The test catches the 401, as a client with a retry or a fallback would; the extension still fails it.
        XConnectClient client = new XConnectClient(mock.url(), XConnectClient.GUIDE_API_KEY, XConnectClient.GUIDE_SECRET_KEY, new CrlfSigner());
        try {
            client.get(API + "/devices", List.of(Map.entry("_page", "0"), Map.entry("_size", "10")));
        } catch (XConnectClient.Rejected ignored) {
            // swallowed on purpose
        }
    }

    @Test
    void unsortedQueryLines(SigkitMock mock) throws Exception {
        // The 401 fails the test; the extension adds the mock's diagnosis to that failure.
        XConnectClient client = new XConnectClient(mock.url(), XConnectClient.GUIDE_API_KEY, XConnectClient.GUIDE_SECRET_KEY, new UnsortedSigner());
        client.get(API + "/devices", List.of(Map.entry("type", "asset-tag"), Map.entry("_size", "5")));
    }
}

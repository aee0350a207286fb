package sigkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import sigkit.junit.SigkitAllowRejections;
import sigkit.junit.SigkitMock;
import sigkit.junit.SigkitMockExtension;
import sigkit.xconnect.XConnectClient;
import sigkit.xconnect.XConnectSigner;

/** The Java client against the sigkit mock: every request is accepted, or the extension fails the test with why. */
@ExtendWith(SigkitMockExtension.class)
// By name, so that aSkewedClockIsRejected runs before theClockIsBackAfterTheTestThatMovedIt checks the undo.
@TestMethodOrder(MethodOrderer.MethodName.class)
class XConnectClientTest {
    private static final String API = "/api/v1/kronos";

    private static XConnectClient client(SigkitMock mock) {
        return new XConnectClient(mock.url(), XConnectClient.GUIDE_API_KEY, XConnectClient.GUIDE_SECRET_KEY);
    }

    @Test
    void signsTheGuidesWorkedExample() {
        // docs/spec/xconnect.md, "Worked example": the guide's own vector.
        XConnectSigner.Signed signed = new XConnectSigner().sign("POST", API + "/gateways",
                List.of(Map.entry("lastName", "Doe"), Map.entry("firstName", "Jane"), Map.entry("Age", "30")),
                new byte[0], XConnectClient.GUIDE_API_KEY, XConnectClient.GUIDE_SECRET_KEY, "2016-04-12T14:28:36.218Z");
        assertEquals(List.of("age=30", "firstname=Jane", "lastname=Doe"), signed.queryLines());
        assertEquals("5a2d3589ffb15fab720069fbd26fd8e8311a1c7047e5899608faff450df6d7dc", signed.canonicalRequestHash());
        assertEquals("d0d1518fc5290c22f1444d46d9c08dd03cc33c6fdad8bbcd57be65b1e2b0b493", signed.signingKey().get(2));
        assertEquals("28c3ab6cc82294b61e9b2855b428090e474fd1e066c4da63f9715bd2204df553", signed.headers().get("x-arrow-signature"));
    }

    @Test
    void listsDevicesWithAQuery(SigkitMock mock) throws Exception {
        Map<String, Object> page = client(mock).get(API + "/devices",
                List.of(Map.entry("type", "asset-tag"), Map.entry("enabled", "true"), Map.entry("_size", "20")));
        assertEquals(20L, page.get("size"));
        for (Object device : (List<?>) page.get("data")) assertEquals("asset-tag", ((Map<?, ?>) device).get("type"));
    }

    @Test
    void readsAnHourOfTelemetryWithReservedCharactersInTheQuery(SigkitMock mock) throws Exception {
        XConnectClient client = client(mock);
        Map<?, ?> device = (Map<?, ?>) ((List<?>) client.get(API + "/devices", List.of(Map.entry("_size", "1"))).get("data")).get(0);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // The timestamps' ":" travel percent-encoded and are signed decoded (docs/spec/xconnect.md §1.1).
        Map<String, Object> history = client.get(API + "/telemetries/devices/" + device.get("hid"), List.of(
                Map.entry("fromTimestamp", now.minus(Duration.ofHours(1)).toString()),
                Map.entry("toTimestamp", now.toString()),
                Map.entry("_size", "50")));
        assertTrue(((Number) history.get("totalSize")).longValue() > 0);
    }

    @Test
    void registersADeviceThenFindsIt(SigkitMock mock) throws Exception {
        XConnectClient client = client(mock);
        Map<?, ?> gateway = (Map<?, ?>) ((List<?>) client.get(API + "/gateways", List.of(Map.entry("_size", "1"))).get("data")).get(0);
        Map<String, Object> registered = client.post(API + "/devices",
                "{\"uid\":\"junit-device-1\",\"name\":\"JUnit device\",\"type\":\"example-sensor\",\"gatewayHid\":\"" + gateway.get("hid") + "\"}");
        Map<String, Object> found = client.get(API + "/devices", List.of(Map.entry("uid", "junit-device-1")));
        assertEquals(registered.get("hid"), ((Map<?, ?>) ((List<?>) found.get("data")).get(0)).get("hid"));
        // The journal holds this test's requests, accepted.
        List<Map<String, Object>> entries = mock.journal("path", API + "/devices", "limit", "2");
        for (Map<String, Object> entry : entries) assertEquals(true, ((Map<?, ?>) entry.get("verdict")).get("ok"));
    }

    @Test
    void aFaultIsNotARejection(SigkitMock mock) throws Exception {
        // The signature is right, so the verdict is ok; only the answer is the injected 503.
        mock.addFault(Map.of("method", "GET", "path", API + "/devices", "respond", Map.of("status", 503), "times", 1));
        XConnectClient client = client(mock);
        XConnectClient.Rejected rejected = assertThrows(XConnectClient.Rejected.class, () -> client.get(API + "/devices", List.of()));
        assertEquals(503, rejected.status);
        assertEquals(1L, client.get(API + "/devices", List.of(Map.entry("_size", "1"))).get("size"));
    }

    @Test
    @SigkitAllowRejections
    void aSkewedClockIsRejected(SigkitMock mock) {
        // A test that means to be rejected says so; the extension then leaves the verdicts to the test.
        mock.setClockOffset(Duration.ofMinutes(15));
        XConnectClient.Rejected rejected = assertThrows(XConnectClient.Rejected.class, () -> client(mock).get(API + "/devices", List.of()));
        assertEquals(401, rejected.status);
        assertEquals("clock_skew", ((Map<?, ?>) mock.rejections().get(0).get("verdict")).get("code"));
    }

    @Test
    void theClockIsBackAfterTheTestThatMovedIt(SigkitMock mock) {
        assertEquals(0L, mock.clock().get("offsetMs"));
    }

    @Test
    void bodiesAreSignedAsSent() {
        byte[] body = "{\"uid\":\"device-1\",\"name\":\"Device 1\",\"gatewayHid\":\"0123456789abcdef0123456789abcdef01234567\"}".getBytes(StandardCharsets.UTF_8);
        // Test case 45 of vectors/xconnect/v1_canonicalization.json.
        XConnectSigner.Signed signed = new XConnectSigner().sign("POST", API + "/devices", List.of(), body,
                XConnectClient.GUIDE_API_KEY, XConnectClient.GUIDE_SECRET_KEY, "2016-04-12T14:28:36.218Z");
        assertEquals("e7b9f7b5836729fe599b3d46297a068f5317457f121e46fce077013af174ac88", signed.signature());
    }
}

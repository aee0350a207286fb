// CommonJS consumers: Node >= 20.19 loads the ES modules of sigkit through require().
const { signXConnectRequest } = require('@sigkit/signer');
const { checkClient } = require('@sigkit/conformance');
const { createMockServer } = require('@sigkit/mock-server');
// The signing guide's documented example (docs/spec/xconnect.md §1).
const signed = signXConnectRequest({
  method: 'POST',
  path: '/api/v1/kronos/gateways',
  query: 'lastName=Doe&firstName=Jane&Age=30',
  apiKey: '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2',
  secretKey: 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==',
  timestamp: '2016-04-12T14:28:36.218Z',
});
console.log(JSON.stringify({ signature: signed.headers['x-arrow-signature'], checkClient: typeof checkClient, createMockServer: typeof createMockServer }));

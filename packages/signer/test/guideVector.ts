/** The xConnect signing guide's documented example (docs/spec/xconnect.md §1), copied by hand from the guide — never generated. */
export const GUIDE = {
  apiKey: '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2',
  secretKey: 'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==',
  method: 'POST',
  path: '/api/v1/kronos/gateways',
  query: 'lastName=Doe&firstName=Jane&Age=30',
  timestamp: '2016-04-12T14:28:36.218Z',
  emptyPayloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  canonicalRequestHash: '5a2d3589ffb15fab720069fbd26fd8e8311a1c7047e5899608faff450df6d7dc',
  stringToSign:
    '5a2d3589ffb15fab720069fbd26fd8e8311a1c7047e5899608faff450df6d7dc\n' +
    '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2\n' +
    '2016-04-12T14:28:36.218Z\n' +
    '1',
  signingKey: [
    '3c6e85f6a719e5b8bd77fde0cbdbe19d947f38451afbc8ef6e49a083d86a9c54',
    '3223bf9bc2d2180046cc40c2e1ed6f9d08261a6c4a394b23c5311e83633a8ef7',
    'd0d1518fc5290c22f1444d46d9c08dd03cc33c6fdad8bbcd57be65b1e2b0b493',
  ],
  signature: '28c3ab6cc82294b61e9b2855b428090e474fd1e066c4da63f9715bd2204df553',
} as const;

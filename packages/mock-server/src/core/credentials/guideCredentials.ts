/** The example key pair of the public signing guide, accepted by default so the guide's examples work unchanged. */

/** The guide's example api key (seed 002; docs/spec/xconnect.md §1 vector). */
export const GUIDE_API_KEY = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';

/** The guide's example secret key (seed 002; docs/spec/xconnect.md §1 vector). */
export const GUIDE_SECRET_KEY =
  'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';

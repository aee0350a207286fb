/**
 * What the commands must know of the mock before they run: its default address, its profile names
 * and the signing guide's example keys. Copies of `@sigkit/mock-server`'s constants, kept here so
 * that registering a command does not load the mock (Express and faker, a hundred milliseconds of
 * start-up); `mockDefaults.test.ts` fails if they ever differ from the mock's.
 */
import { KX_VARIANT_NAMES, type KxVariantName } from '@sigkit/signer';

/** The mock's default port (`DEFAULT_PORT` of `@sigkit/mock-server`). */
export const MOCK_DEFAULT_PORT = 8080;

/** The mock's default address: loopback only (`DEFAULT_HOST` of `@sigkit/mock-server`). */
export const MOCK_DEFAULT_HOST = '127.0.0.1';

/** The mock's profiles (`MOCK_PROFILES` of `@sigkit/mock-server`). */
export const MOCK_PROFILE_NAMES = ['strict', 'moonstone'] as const;

/** The KX profiles the mock accepts: `default` and each named variant (`KX_PROFILE_NAMES` of `@sigkit/mock-server`). */
export const MOCK_KX_PROFILE_NAMES: readonly ('default' | KxVariantName)[] = ['default', ...KX_VARIANT_NAMES];

/** The signing guide's example api key, which the mock accepts (docs/spec/xconnect.md §1 vector). */
export const GUIDE_API_KEY = '5501f50fdc62aee5d04dbd6a58b68b781ee2aaade8ad1eb24b1e4e77cb282ae2';

/** The signing guide's example secret key, which the mock accepts (docs/spec/xconnect.md §1 vector). */
export const GUIDE_SECRET_KEY =
  'ARAzUzRzekFwRTNACBQYUx89LlZyImhKFVloHUVMDw8EGRxxSCckFgdFPysAAWJCLDgMdkstZzw3GGVqNHxXcno5Iz54LRBSKy0TaCBwNndkfQNdD38KAA==';

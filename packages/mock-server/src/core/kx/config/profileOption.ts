/** The KX profile a mock runs (docs/spec/kx-connect.md §2, "The kit's default profile"): given by variant name or knobs, validated, and named back. */
import { KX_DEFAULT_PROFILE, KX_VARIANT_NAMES, KX_VARIANTS, kxProfile, SigkitError, type KxProfile, type KxVariantName } from '@sigkit/signer';
import { MockInputError } from '../../input/readInput.js';

/** How a profile is chosen: `default`, a variant name of `KX_VARIANTS`, or some knobs over the default. */
export type KxProfileOption = 'default' | KxVariantName | Partial<KxProfile>;

/** Every profile name the mock accepts: `default` and each named variant. */
export const KX_PROFILE_NAMES: readonly ('default' | KxVariantName)[] = ['default', ...KX_VARIANT_NAMES];

/**
 * Resolves a profile option to a complete profile. Throws {@link MockInputError} naming `where`
 * when it is not one.
 *
 * @example
 * ```ts
 * resolveKxProfileOption('NoSeparator', 'kx.profile').joiner;        // 'none'
 * resolveKxProfileOption({ clockWindowSeconds: 300 }, 'kx.profile');  // the default with a 300 s window
 * ```
 */
export function resolveKxProfileOption(option: unknown, where: string): KxProfile {
  if (option === undefined || option === 'default') return kxProfile();
  if (typeof option === 'string' && !(KX_VARIANT_NAMES as readonly string[]).includes(option)) {
    throw new MockInputError(`${where} must be one of ${KX_PROFILE_NAMES.join(', ')} or an object of profile knobs, got ${JSON.stringify(option)}`);
  }
  try {
    return kxProfile(option as KxVariantName | Partial<KxProfile>);
  } catch (error) {
    if (error instanceof SigkitError) throw new MockInputError(`${where}: ${error.message}`);
    throw error;
  }
}

const NAMED_KNOBS = ['joiner', 'bodyDigest', 'contentTypePart', 'datePart', 'signatureEncoding'] as const;

/**
 * The name of a profile, ignoring its clock window: `default`, the one variant it equals, or
 * `custom` when it turns several knobs.
 *
 * @example
 * ```ts
 * kxProfileName(kxProfile('HexSignature')); // 'HexSignature'
 * ```
 */
export function kxProfileName(profile: KxProfile): 'default' | KxVariantName | 'custom' {
  const turned = NAMED_KNOBS.filter((knob) => profile[knob] !== KX_DEFAULT_PROFILE[knob]);
  if (turned.length === 0) return 'default';
  if (turned.length > 1) return 'custom';
  const knob = turned[0]!;
  return KX_VARIANT_NAMES.find((name) => KX_VARIANTS[name].knob === knob && KX_VARIANTS[name].value === profile[knob]) ?? 'custom';
}

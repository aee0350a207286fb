/** The broken clients of `pnpm mutants`: one mistake each, in JavaScript (in process) and Python (adapters), with the name the checker should give it. */
import { KX_JS_MUTATIONS, type KxJsMutation } from './js/kxClient.js';
import { XCONNECT_JS_MUTATIONS, type XConnectJsMutation } from './js/xconnectClient.js';

/** One broken client. */
export interface Mutant {
  /** `<language>/<scheme>/<mutation>`, unique. */
  id: string;
  scheme: 'xconnect' | 'kx';
  language: 'js' | 'python';
  mutation: string;
  /**
   * The names a correct diagnosis gives (a flag of docs/spec/xconnect.md §4 or a KX profile variant of
   * docs/spec/kx-connect.md §2, or a family name such as `WrongSeparator`); empty for a mistake the
   * catalogue does not know, which must be caught and must not be given any name. Any other name is
   * wrong, even one true of the request it was proved on: a name must agree with every case signed.
   */
  names: string[];
}

/** Which name each mutation should get; a mutation absent here is unknown to the catalogue. */
const XCONNECT_NAMES: Partial<Record<XConnectJsMutation | string, { names: string[] }>> = {
  'crlf-query-lines': { names: ['CrlfQueryLines'] },
  'unsorted-query': { names: ['UnsortedQuery'] },
  'sort-by-name-then-value': { names: ['SortByName'] },
  'name-not-lowercased': { names: ['NameNotLowercased'] },
  'value-encoded': { names: ['ValueEncoded'] },
  'value-not-trimmed': { names: ['ValueNotTrimmed'] },
  'decoded-path': { names: ['DecodedPath'] },
  'query-not-signed': { names: ['QueryNotSigned'] },
  'blank-query-line': { names: ['BlankQueryLine'] },
  'empty-value-dropped': { names: ['EmptyValueDropped'] },
  'raw-digest-key': { names: ['RawDigestKey'] },
  'sign-v2-send-v1': { names: ['VersionHeaderMismatch'] },
  'hybrid-v2': { names: ['HybridV2'] },
  'timestamp-plus-zero': { names: ['TimestampReformatted'] },
  'unsigned-body': { names: ['UnsignedBody'] },
  'uppercase-hex': { names: ['UppercaseHex'] },
  'timestamp-plus-0000': { names: ['TimestampReformatted'] },
  'timestamp-minus-00-00': { names: ['TimestampReformatted'] },
  'timestamp-nine-digits': { names: ['TimestampReformatted'] },
  'timestamp-no-fraction-digits': { names: ['TimestampReformatted'] },
  'timestamp-space-for-t': { names: ['TimestampReformatted'] },
  'timestamp-other-zone': { names: ['TimestampReformatted'] },
  'raw-k1-only': { names: ['RawDigestKey'] },
  'raw-k2-only': { names: ['RawDigestKey'] },
  'raw-k3-only': { names: ['RawDigestKey'] },
  'crlf-canonical-request': { names: ['WrongSeparator'] },
  'no-separator-query-lines': { names: ['WrongSeparator'] },
  'crlf-string-to-sign': { names: ['WrongSeparator'] },
  'space-separator-query-lines': { names: ['WrongSeparator'] },
};

const KX_NAMES: Partial<Record<KxJsMutation | string, { names: string[] }>> = {
  'no-separator': { names: ['NoSeparator'] },
  'trailing-newline': { names: ['TrailingNewline'] },
  'md5-base64': { names: ['Md5Base64'] },
  'md5-upper-hex': { names: ['Md5UpperHex'] },
  'md5-of-reserialized-json': { names: ['Md5OfReserializedJson'] },
  'doc-literal-content-type': { names: ['DocLiteralContentType'] },
  base64url: { names: ['Base64Url'] },
  'hex-signature': { names: ['HexSignature'] },
  'base64url-padded': { names: ['Base64Url'] },
  'crlf-joiner': { names: ['WrongSeparator'] },
  'base64-unpadded': { names: ['UnpaddedBase64'] },
};

const PYTHON_XCONNECT = ['crlf-query-lines', 'unsorted-query', 'name-not-lowercased', 'value-not-trimmed', 'query-not-signed', 'empty-value-dropped',
  'raw-digest-key', 'uppercase-hex', 'unsigned-body', 'timestamp-plus-0000', 'sort-by-code-point', 'python-strip-values', 'quote-not-quote-plus',
  'casefold-names', 'nfc-values'];
const PYTHON_KX = ['md5-base64', 'no-separator', 'trailing-newline', 'hex-signature', 'doc-literal-content-type', 'base64url-padded', 'session-last-four',
  'digest-of-ascii-escaped-json', 'utf16-body-digest'];

function mutant(language: Mutant['language'], scheme: Mutant['scheme'], mutation: string): Mutant {
  const known = (scheme === 'xconnect' ? XCONNECT_NAMES : KX_NAMES)[mutation];
  return { id: `${language}/${scheme}/${mutation}`, scheme, language, mutation, names: known?.names ?? [] };
}

/** Every mutant, the controls (`none`, which must pass) excluded. */
export const MUTANTS: readonly Mutant[] = [
  ...XCONNECT_JS_MUTATIONS.filter((m) => m !== 'none').map((m) => mutant('js', 'xconnect', m)),
  ...KX_JS_MUTATIONS.filter((m) => m !== 'none').map((m) => mutant('js', 'kx', m)),
  ...PYTHON_XCONNECT.map((m) => mutant('python', 'xconnect', m)),
  ...PYTHON_KX.map((m) => mutant('python', 'kx', m)),
];

/** The controls: the same clients without a mistake; they must pass, or the measurement means nothing. */
export const CONTROLS: readonly Mutant[] = [mutant('js', 'xconnect', 'none'), mutant('js', 'kx', 'none'), mutant('python', 'xconnect', 'none'), mutant('python', 'kx', 'none')];

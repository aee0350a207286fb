/** A request captured somewhere (a file, a curl command, a HAR, the mock's journal), ready to be explained: the types live with the explainer in @sigkit/signer/explain. */
export type { CapturedRequest, RecordedExchange } from '@sigkit/signer/explain';

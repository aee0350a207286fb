/** The header on an answer whose request made the mock drop data at one of its caps (KX sessions per user, posted telemetry). */

/** Says what a cap dropped, e.g. `1 older session(s) of kxSupport ended: the mock keeps 10 per user`; the journal keeps it with the answer. */
export const EVICTED_HEADER = 'x-sigkit-evicted';
